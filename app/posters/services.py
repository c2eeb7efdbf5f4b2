"""Posters: what a printed poster shows (an activity and its next open slots)."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.core.timefmt import utcnow
from app.extensions import db
from app.models import Activity, Slot, Ward

SLOTS_ON_A_POSTER = 6


def activity_in(ward: Ward, activity_id: int) -> Activity | None:
    activity = db.session.get(Activity, activity_id)
    return activity if activity is not None and activity.ward_id == ward.id else None


def next_open_slots(activity: Activity) -> list[Slot]:
    return list(
        db.session.scalars(
            select(Slot)
            .options(joinedload(Slot.activity))
            .where(Slot.activity_id == activity.id, Slot.starts_at > utcnow(), Slot.status == "open")
            .order_by(Slot.starts_at)
            .limit(SLOTS_ON_A_POSTER)
        )
    )
