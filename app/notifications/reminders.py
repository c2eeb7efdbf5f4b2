"""Reminders before a slot I am confirmed on: the day before at 18:00 (Paris) and one hour
before; each ward may move both or turn either off (ward_notification_setting). Made by
`flask send-mail`; each is given once, even when the command runs twice or on two machines:
the unique (sign-up, kind) row is inserted first, and a duplicate means another run already
gave it. None for a cancelled or frozen slot, a suspended activity, a place I left or am
still waiting for, or a sign-up made after the reminder's moment."""

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.timefmt import hour, paris_to_utc, to_paris, utcnow
from app.extensions import db
from app.models import Activity, SignUp, Slot, SlotReminder, WardNotificationSetting
from app.notifications.services import notify
from app.planner.services import slot_link, slot_when

log = logging.getLogger("atc.reminders")

EVE_AT = time(18, 0)  # the day before, Paris time
HOUR_BEFORE = timedelta(hours=1)
LOOKAHEAD = timedelta(hours=48)  # the earliest day-before hour → the latest slot of the next day


@dataclass(frozen=True)
class Due:
    sign_up_id: int
    person_id: int
    slot_id: int
    kind: str
    before: timedelta | None = HOUR_BEFORE


@dataclass(frozen=True)
class WardTimes:
    """When a ward's reminders come; None: that reminder is off in this ward."""

    eve_at: time | None = EVE_AT
    before: timedelta | None = HOUR_BEFORE


def ward_times() -> dict[int, WardTimes]:
    return {
        row.ward_id: WardTimes(
            eve_at=time(row.eve_reminder_at // 60, row.eve_reminder_at % 60) if row.eve_reminder else None,
            before=timedelta(minutes=row.reminder_minutes_before) if row.before_reminder else None,
        )
        for row in db.session.scalars(select(WardNotificationSetting))
    }


def moment(slot: Slot, kind: str, times: WardTimes = WardTimes()) -> datetime | None:
    """When a reminder of this kind is due (naive UTC); None when the ward turned it off."""
    if kind == "hour":
        return None if times.before is None else slot.starts_at - times.before
    if times.eve_at is None:
        return None
    day_before = to_paris(slot.starts_at).date() - timedelta(days=1)
    return paris_to_utc(datetime.combine(day_before, times.eve_at))


def kind_due(slot: Slot, sign_up: SignUp, now: datetime, times: WardTimes = WardTimes()) -> str | None:
    for kind in ("hour", "eve"):  # once the last one is due, the day-before one is no longer useful
        at = moment(slot, kind, times)
        if at is not None and at <= now < slot.starts_at:
            return kind if sign_up.created_at <= at else None
    return None


def due(now: datetime) -> list[Due]:
    rows = db.session.execute(
        select(SignUp, Slot)
        .join(Slot, Slot.id == SignUp.slot_id)
        .join(Activity, Activity.id == Slot.activity_id)
        .where(
            SignUp.status == "confirmed",
            Slot.status == "open",
            Activity.status == "active",
            Slot.starts_at > now,
            Slot.starts_at <= now + LOOKAHEAD,
        )
    ).all()
    given = set(
        db.session.execute(
            select(SlotReminder.sign_up_id, SlotReminder.kind).where(
                SlotReminder.sign_up_id.in_([sign_up.id for sign_up, _slot in rows] or [0])
            )
        ).all()
    )
    times = ward_times()
    found = []
    for sign_up, slot in rows:
        chosen = times.get(slot.ward_id, WardTimes())
        kind = kind_due(slot, sign_up, now, chosen)
        if kind and (sign_up.id, kind) not in given:
            found.append(Due(sign_up.id, sign_up.person_id, slot.id, kind, chosen.before))
    return found


def _in(before: timedelta | None) -> str:
    minutes = int(before.total_seconds() // 60) if before else 60
    if minutes == 60:
        return "dans une heure"
    if minutes % 60 == 0:
        return f"dans {minutes // 60}\u00a0heures"
    return f"dans {minutes}\u00a0minutes"


def _text(slot: Slot, kind: str, before: timedelta | None = HOUR_BEFORE) -> str:
    where = slot.place or slot.activity.place
    place = f", {where}" if where else ""
    if kind == "hour":
        return (
            f"Rappel\u00a0: «\u00a0{slot.activity.name}\u00a0» commence {_in(before)} "
            f"({hour(slot.starts_at)}{place})."
        )
    return f"Rappel\u00a0: demain, «\u00a0{slot.activity.name}\u00a0», {slot_when(slot)}{place}."


def give(item: Due) -> bool:
    """Record the reminder, then tell the person, in one transaction (committed here).
    False when another run gave it first."""
    try:
        db.session.add(SlotReminder(sign_up_id=item.sign_up_id, kind=item.kind, created_at=utcnow()))
        db.session.flush()  # the unique row first: a duplicate stops here
        slot = db.session.get(Slot, item.slot_id)
        notify(
            item.person_id,
            "slot.reminder",
            _text(slot, item.kind, item.before),
            link=slot_link(slot),
            ward=slot.activity.ward,
        )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def generate(now: datetime | None = None) -> int:
    """Give every reminder that is due; returns how many this run gave."""
    now = now or utcnow()
    items = due(now)
    db.session.commit()  # end the reading transaction
    given = sum(1 for item in items if give(item))
    if given:
        log.info("reminders_given count=%s", given)
    return given
