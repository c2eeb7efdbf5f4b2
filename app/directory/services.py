"""Directory: who is in the group and what they refer; messages to the group's admins."""

from dataclasses import dataclass, field

from sqlalchemy import select

from app.core.errors import DomainError
from app.core.links import link_to
from app.extensions import db
from app.limits import check_hourly
from app.models import Activity, ActivityReferent, ContactMessage, Membership, Person, Ward
from app.people_to_tell import ward_leaders
from app.policies import ADMIN_ROLES
from app.records.services import audit, notify

SUBJECT_MAX, BODY_MAX = 120, 2000


@dataclass
class Directory:
    """Every active member with their membership, those who run the group (the manager
    first), and the activities each one refers."""

    rows: list[tuple[Person, Membership]]
    leads: list[tuple[Person, Membership]]
    refers: dict[int, list[str]] = field(default_factory=dict)


def directory(ward: Ward) -> Directory:
    """Two queries whatever the size of the group."""
    rows = [
        (person, membership)
        for person, membership in db.session.execute(
            select(Person, Membership)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.ward_id == ward.id, Membership.status == "active")
            .order_by(Person.last_name, Person.first_name)
        )
    ]
    refers: dict[int, list[str]] = {}
    for person_id, name in db.session.execute(
        select(ActivityReferent.person_id, Activity.name)
        .join(Activity, Activity.id == ActivityReferent.activity_id)
        .where(Activity.ward_id == ward.id, Activity.status.in_(("active", "suspended")))
        .order_by(Activity.name)
    ):
        refers.setdefault(person_id, []).append(name)
    leads = sorted(
        (row for row in rows if row[1].role in ADMIN_ROLES), key=lambda row: row[1].role != "manager"
    )
    return Directory(rows=rows, leads=leads, refers=refers)


def send_contact_message(ward: Ward, *, by: Person, subject: str, body: str) -> ContactMessage:
    """A member writes to the group's admins: the message is kept for the admin space, each
    admin and the manager is told, and the sending is in the audit log (not its text)."""
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject:
        raise DomainError("Donnez un objet à votre message.", field="subject")
    if not body:
        raise DomainError("Écrivez votre message.", field="body")
    if len(subject) > SUBJECT_MAX:
        raise DomainError("120 caractères au plus.", field="subject")
    if len(body) > BODY_MAX:
        raise DomainError("2\u00a0000 caractères au plus.", field="body")
    check_hourly("contact", by, ward.id)
    message = ContactMessage(ward_id=ward.id, sender_id=by.id, subject=subject, body=body)
    db.session.add(message)
    db.session.flush()
    link = link_to("ward_admin.messages", ward_slug=ward.slug)
    for leader in ward_leaders(ward):
        notify(
            leader,
            "contact.message",
            f"Message de {by.display_name}\u00a0: {subject}",
            link=link,
            ward=ward,
        )
    audit("contact.sent", by=by, ward=ward, target=message)
    return message
