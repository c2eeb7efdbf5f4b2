"""The portal's reads (a person's ward spaces, their guide progress) and its one write:
ticking an item of a guide, which only ever touches the person's own progress."""

from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from app.core.errors import ConflictError
from app.extensions import db
from app.models import GuideProgress, JoinRequest, Membership, Person, Ward


def check_database() -> None:
    """Raises when the database cannot be reached (for the load balancer's health check)."""
    db.session.execute(text("SELECT 1"))


@dataclass
class Spaces:
    """Where a person belongs, where they asked to, and the wards open to their request."""

    mine: list[tuple[Ward, Membership]]
    pending: list[Ward]
    others: list[Ward]


def spaces_of(person: Person) -> Spaces:
    mine = [
        (ward, membership)
        for ward, membership in db.session.execute(
            select(Ward, Membership)
            .join(Membership, Membership.ward_id == Ward.id)
            .where(Membership.person_id == person.id, Membership.status == "active")
            .order_by(Ward.name)
        )
    ]
    pending = list(
        db.session.scalars(
            select(Ward)
            .join(JoinRequest, JoinRequest.ward_id == Ward.id)
            .where(JoinRequest.person_id == person.id, JoinRequest.status == "pending")
        )
    )
    known = {w.id for w, _ in mine} | {w.id for w in pending}
    others = [
        w
        for w in db.session.scalars(select(Ward).where(Ward.accepts_requests).order_by(Ward.name))
        if w.id not in known
    ]
    return Spaces(mine=mine, pending=pending, others=others)


def first_ward_slug(person: Person) -> str | None:
    """The person's first ward space by name (where a guide's tools lead)."""
    return db.session.scalar(
        select(Ward.slug)
        .join(Membership, Membership.ward_id == Ward.id)
        .where(Membership.person_id == person.id, Membership.status == "active")
        .order_by(Ward.name)
        .limit(1)
    )


def progress_counts(person: Person) -> dict[str, int]:
    """How many items the person ticked, per guide."""
    return dict(
        db.session.execute(
            select(GuideProgress.guide_slug, func.count(GuideProgress.id))
            .where(GuideProgress.person_id == person.id)
            .group_by(GuideProgress.guide_slug)
        ).all()
    )


def ticked(person: Person, guide_slug: str) -> set[str]:
    """The items this person ticked in this guide; nobody else's are ever read."""
    return set(
        db.session.scalars(
            select(GuideProgress.item_key).where(
                GuideProgress.person_id == person.id, GuideProgress.guide_slug == guide_slug
            )
        )
    )


def toggle_item(person: Person, guide_slug: str, item_key: str) -> bool:
    """Tick the item, or untick it; returns whether it is ticked now. A double tap that
    races the first one is refused (the first one already ticked it)."""
    row = db.session.scalar(
        select(GuideProgress).where(
            GuideProgress.person_id == person.id,
            GuideProgress.guide_slug == guide_slug,
            GuideProgress.item_key == item_key,
        )
    )
    if row is not None:
        db.session.delete(row)
        db.session.flush()
        return False
    db.session.add(GuideProgress(person_id=person.id, guide_slug=guide_slug, item_key=item_key))
    try:
        db.session.flush()
    except IntegrityError as error:
        raise ConflictError("C'est déjà coché.") from error
    return True
