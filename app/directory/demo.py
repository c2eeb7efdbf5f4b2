"""Demo messages to the Hématologie admins, one of them already handled."""

from datetime import timedelta

from sqlalchemy import select

from app.core.timefmt import utcnow
from app.extensions import db
from app.models import ContactMessage

ORDER = 80

MESSAGES = [
    # sender, subject, body, hours ago, handled
    (
        "900004",
        "Idée pour la nuit",
        "Bonjour, serait-il possible de prévoir un créneau de relaxation vers 3\u00a0h du matin\u00a0? "
        "L'équipe de nuit est partante.",
        30,
        False,
    ),
    (
        "900003",
        "Affiche du massage minute",
        "L'affiche de la salle de pause est abîmée, pouvez-vous en réimprimer une\u00a0? Merci\u00a0!",
        120,
        True,
    ),
]


def seed(wards, people) -> None:
    """Idempotent: does nothing if the ward's admins already have messages."""
    ward = wards["hematologie"]
    if db.session.scalar(select(ContactMessage.id).where(ContactMessage.ward_id == ward.id).limit(1)):
        return
    now = utcnow()
    for sender, subject, body, hours, handled in MESSAGES:
        created = now - timedelta(hours=hours)
        db.session.add(
            ContactMessage(
                ward_id=ward.id,
                sender_id=people[sender].id,
                subject=subject,
                body=body,
                created_at=created,
                handled_at=created + timedelta(hours=3) if handled else None,
                handled_by_id=people["900002"].id if handled else None,
            )
        )
