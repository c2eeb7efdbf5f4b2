"""Reads of the ward space itself (flush, never commit)."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Membership, Person, Ward


def member_count(ward: Ward) -> int:
    """How many people are active members of the ward."""
    return db.session.scalar(
        select(func.count(Membership.id)).where(Membership.ward_id == ward.id, Membership.status == "active")
    )


def my_wards(person: Person) -> list[Ward]:
    """The wards where the person is an active member, by name (the header's switcher)."""
    return list(
        db.session.scalars(
            select(Ward)
            .join(Membership, Membership.ward_id == Ward.id)
            .where(Membership.person_id == person.id, Membership.status == "active")
            .order_by(Ward.name)
        )
    )


def landing_ward(person: Person, remembered: str | None) -> Ward | None:
    """Where a person lands after log-in: her only ward, or the one she used last (kept in a
    cookie by the ward pages) when she still belongs to it, else the first by name."""
    wards = my_wards(person)
    for ward in wards:
        if ward.slug == remembered:
            return ward
    return wards[0] if wards else None
