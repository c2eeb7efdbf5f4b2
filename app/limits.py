"""Per-person hourly limits on what can be sent in bulk (comments, contact messages,
events, polls, reports), with the locked count the post-its use: the person's membership
row is locked first, so two processes writing for the same person queue and the count
cannot be outrun; a French message when the limit is reached. Services call
`check_hourly(kind, by, ward_id)` before they insert."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from app.core.errors import DomainError
from app.core.timefmt import utcnow
from app.extensions import db
from app.models import Comment, ContactMessage, DatePoll, Event, Membership, Person, Report


@dataclass(frozen=True)
class Limit:
    model: type
    author: str  # the column naming the person
    per_hour: int
    what: str  # "messages", "événements"… for the French message


LIMITS = {
    "comment": Limit(Comment, "author_id", 20, "messages dans les discussions"),
    "contact": Limit(ContactMessage, "sender_id", 5, "messages aux administrateurs"),
    "event": Limit(Event, "author_id", 10, "événements"),
    "poll": Limit(DatePoll, "organiser_id", 5, "sondages de dates"),
    "report": Limit(Report, "reporter_id", 20, "signalements"),
}


def sent_in_last_hour(kind: str, person: Person) -> int:
    limit = LIMITS[kind]
    column = getattr(limit.model, limit.author)
    query = (
        select(func.count())
        .select_from(limit.model)
        .where(column == person.id, limit.model.created_at > utcnow() - timedelta(hours=1))
    )
    return db.session.scalar(query.with_for_update(read=True))


def check_hourly(kind: str, by: Person, ward_id: int) -> None:
    """Refuse (French DomainError) when the person reached the hourly limit for this kind."""
    db.session.execute(
        select(Membership.id)
        .where(Membership.person_id == by.id, Membership.ward_id == ward_id)
        .with_for_update()
    )
    limit = LIMITS[kind]
    if sent_in_last_hour(kind, by) >= limit.per_hour:
        raise DomainError(
            f"Vous avez déjà envoyé {limit.per_hour} {limit.what} dans l'heure\u00a0: "
            "réessayez un peu plus tard."
        )
