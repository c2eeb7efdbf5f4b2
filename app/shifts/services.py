"""Shifts: the ward's working periods (Paris wall-clock), the instance of a shift on a day,
which shift a slot falls in. Services flush, never commit."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.core.errors import DomainError
from app.core.timefmt import PARIS, paris_to_utc, to_paris
from app.extensions import db
from app.models import Person, Shift, Ward
from app.records.services import audit
from app.shifts.policies import can_manage_shifts

DAY = 24 * 60
MAX_BREAKS = 8
_TIME_RE = re.compile(r"^([0-9]{1,2})\s*(?:[:h]\s*([0-9]{2})?)?$")


def hhmm(value: time) -> str:
    """14 h 00"""
    return f"{value.hour}\u00a0h\u00a0{value.minute:02d}"


# --- reading ------------------------------------------------------------------------------------


def ward_shifts(ward: Ward) -> list[Shift]:
    return list(db.session.scalars(select(Shift).where(Shift.ward_id == ward.id).order_by(Shift.starts)))


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _ranges(starts: time, ends: time) -> list[tuple[int, int]]:
    """The minutes of the day a shift covers, as half-open ranges (a night shift is two)."""
    start, end = _minutes(starts), _minutes(ends)
    if end > start:
        return [(start, end)]
    return [(start, DAY), (0, end)]


def covers(shift: Shift, moment: time) -> bool:
    minute = _minutes(moment)
    return any(low <= minute < high for low, high in _ranges(shift.starts, shift.ends))


def shift_at(shifts: list[Shift], moment: time) -> Shift | None:
    """The shift a wall-clock time falls in (shifts never overlap)."""
    return next((s for s in shifts if covers(s, moment)), None)


@dataclass(frozen=True)
class Window:
    """One instance of a shift: from its start on `day` to its end (the next day for a night)."""

    shift: Shift | None
    starts_at: datetime  # UTC
    ends_at: datetime


def window_on(shift: Shift, day: date) -> Window:
    start = datetime.combine(day, shift.starts)
    end = datetime.combine(day + timedelta(days=1) if shift.crosses_midnight else day, shift.ends)
    return Window(shift, paris_to_utc(start), paris_to_utc(end))


def current_window(shift: Shift, now: datetime) -> Window:
    """The instance of the shift in progress or to come: today's; for a night shift after
    midnight, the night that started yesterday evening; once today's is over, tomorrow's."""
    local = to_paris(now)
    day = local.date()
    if shift.crosses_midnight and _minutes(local.time()) < _minutes(shift.ends):
        day -= timedelta(days=1)
    window = window_on(shift, day)
    return window if window.ends_at > now else window_on(shift, day + timedelta(days=1))


def shift_of_slot(shifts: list[Shift], starts_at: datetime) -> Shift | None:
    return shift_at(shifts, to_paris(starts_at).time())


def shift_day(shift: Shift | None, starts_at: datetime) -> date:
    """The day a slot is shown on: the day its shift started (a 0 h 30 slot of the night
    shift belongs to the night that began the evening before)."""
    local = to_paris(starts_at)
    if shift is not None and shift.crosses_midnight and _minutes(local.time()) < _minutes(shift.ends):
        return local.date() - timedelta(days=1)
    return local.date()


def usual_breaks(ward: Ward) -> list[tuple[time, Shift]]:
    """Every usual break time of the ward, in the order of the day."""
    pairs = [(moment, shift) for shift in ward_shifts(ward) for moment in shift.break_times]
    return sorted(pairs, key=lambda pair: _minutes(pair[0]))


# --- keeping the shifts ---------------------------------------------------------------------------


def parse_breaks(raw: str) -> list[time]:
    """ "10:00, 12 h 30; 16h" → times; a French message naming what could not be read."""
    found = []
    for part in re.split(r"[,;]+", raw or ""):
        text = part.strip().lower().replace("\u00a0", " ")
        if not text:
            continue
        match = _TIME_RE.match(text)
        hours, minutes = (int(match.group(1)), int(match.group(2) or 0)) if match else (99, 99)
        if hours > 23 or minutes > 59:
            raise DomainError(f"« {part.strip()} » n'est pas une heure (exemple : 10 h 30).", field="breaks")
        found.append(time(hours, minutes))
    if len(found) > MAX_BREAKS:
        raise DomainError(f"{MAX_BREAKS} pauses au plus par équipe.", field="breaks")
    return sorted(set(found), key=_minutes)


def _check(ward: Ward, name: str, starts: time, ends: time, breaks: list[time], editing: Shift | None):
    if not name:
        raise DomainError("Donnez un nom à l'équipe (par exemple « jour »).", field="name")
    if starts == ends:
        raise DomainError("Une équipe ne peut pas finir à l'heure où elle commence.", field="ends")
    mine = _ranges(starts, ends)
    for other in ward_shifts(ward):
        if editing is not None and other.id == editing.id:
            continue
        if other.name.lower() == name.lower():
            raise DomainError(f"Une équipe s'appelle déjà « {other.name} ».", field="name")
        if any(a < d and c < b for a, b in mine for c, d in _ranges(other.starts, other.ends)):
            raise DomainError(
                f"Ces horaires chevauchent l'équipe « {other.name} » "
                f"({hhmm(other.starts)} – {hhmm(other.ends)}).",
                field="starts",
            )
    for moment in breaks:
        minute = _minutes(moment)
        if not any(low <= minute < high for low, high in mine):
            raise DomainError(
                f"La pause de {hhmm(moment)} tombe en dehors de l'équipe ({hhmm(starts)} – {hhmm(ends)}).",
                field="breaks",
            )


def save_shift(
    ward: Ward,
    *,
    by: Person,
    name: str,
    starts: time,
    ends: time,
    breaks: list[time],
    shift: Shift | None = None,
) -> Shift:
    """Create a shift, or change `shift`: never one that ends when it starts, overlaps
    another shift of the ward, or has a break outside its own hours."""
    if not can_manage_shifts(by, ward):
        raise DomainError("Seuls les administrateurs du service et la cadre définissent les équipes.")
    name = (name or "").strip()[:40]
    starts, ends = starts.replace(second=0, microsecond=0), ends.replace(second=0, microsecond=0)
    _check(ward, name, starts, ends, breaks, shift)
    if shift is None:
        shift = Shift(ward_id=ward.id)
        db.session.add(shift)
    shift.name, shift.starts, shift.ends = name, starts, ends
    shift.breaks = ",".join(moment.strftime("%H:%M") for moment in breaks)
    db.session.flush()
    audit("shift.saved", by=by, ward=ward, target=shift, detail={"name": name})
    return shift


def delete_shift(shift: Shift, *, by: Person) -> None:
    """Remove a shift (slots are only tagged by their time: none changes)."""
    ward = db.session.get(Ward, shift.ward_id)
    if not can_manage_shifts(by, ward):
        raise DomainError("Seuls les administrateurs du service et la cadre définissent les équipes.")
    audit("shift.deleted", by=by, ward=ward, target=shift, detail={"name": shift.name})
    db.session.delete(shift)
    db.session.flush()


def today_paris() -> date:
    return datetime.now(PARIS).date()
