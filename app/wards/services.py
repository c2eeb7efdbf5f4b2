"""Reads of the ward space itself (flush, never commit)."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Membership, Ward


def member_count(ward: Ward) -> int:
    """How many people are active members of the ward."""
    return db.session.scalar(
        select(func.count(Membership.id)).where(Membership.ward_id == ward.id, Membership.status == "active")
    )
