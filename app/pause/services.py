"""Reads for a break: the slots a person can still reach in a window of time, soonest first.
Never writes."""

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.core.timefmt import paris_to_utc, to_paris
from app.extensions import db
from app.models import Activity, Shift, Slot, Ward
from app.shifts import services as shifts
from app.shifts.services import Window

# Without shifts, "my shift" is the next twelve hours (a day or a night).
DEFAULT_HOURS = 12
NEXT_SLOTS_LIMIT = 6


def reachable_slots(ward: Ward, starts: datetime, ends: datetime, now: datetime, limit: int | None = None):
    """Open slots of active activities that have not begun, starting in [starts, ends):
    with places left or a waiting list to join (every open slot has one). Soonest first."""
    statement = (
        select(Slot)
        .join(Activity, Activity.id == Slot.activity_id)
        .options(joinedload(Slot.activity).selectinload(Activity.referent_links))
        .where(
            Slot.ward_id == ward.id,
            Slot.status == "open",
            Activity.status == "active",
            Slot.starts_at > now,
            Slot.starts_at >= starts,
            Slot.starts_at < ends,
        )
        .order_by(Slot.starts_at, Slot.id)
    )
    if limit:
        statement = statement.limit(limit)
    return list(db.session.scalars(statement))


def default_window(now: datetime) -> Window:
    return Window(None, now, now + timedelta(hours=DEFAULT_HOURS))


def window_for(ward: Ward, chosen_id: int | None, now: datetime) -> tuple[Window | None, list[Shift]]:
    """The window of my shift: the one I chose today, else the one in progress now; None when
    the ward has shifts but none is in progress and none was chosen (ask)."""
    ward_shifts = shifts.ward_shifts(ward)
    if not ward_shifts:
        return default_window(now), ward_shifts
    chosen = next((s for s in ward_shifts if s.id == chosen_id), None)
    if chosen is None:
        chosen = shifts.shift_at(ward_shifts, to_paris(now).time())
    if chosen is None:
        return None, ward_shifts
    return shifts.current_window(chosen, now), ward_shifts


def next_slots(ward: Ward, now: datetime) -> list[Slot]:
    """The ward home's "Prochains créneaux": today and tomorrow, a few, soonest first."""
    end_of_tomorrow = paris_to_utc(datetime.combine(to_paris(now).date() + timedelta(days=2), time()))
    return reachable_slots(ward, now, end_of_tomorrow, now, limit=NEXT_SLOTS_LIMIT)
