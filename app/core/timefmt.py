"""Times are stored in UTC (naive in the database) and shown in Europe/Paris, in French.

One time path: `PARIS` is the standard library's `zoneinfo` zone (data from the system or
the pinned `tzdata`), in tests and in production alike, whether or not pytz happens to be
installed (a test dependency pulls it in; Babel's `get_timezone` would then hand back a pytz
zone, which is why it is not used here)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

PARIS = ZoneInfo("Europe/Paris")
LOCALE = "fr_FR"


def utcnow() -> datetime:
    """Naive UTC now: what every DateTime column stores, on both engines."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_paris(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(PARIS)


def hour(value: datetime) -> str:
    """14 h 00 — the French way of writing a time (non-breaking spaces)."""
    local = to_paris(value)
    return f"{local.hour}\u00a0h\u00a0{local.minute:02d}"


def day_long(value: date | datetime) -> str:
    """mardi 24 novembre"""
    if isinstance(value, datetime):
        value = to_paris(value).date()
    return format_date(value, "EEEE d MMMM", locale=LOCALE)


def day_full(value: date | datetime) -> str:
    """mardi 24 novembre 2026"""
    if isinstance(value, datetime):
        value = to_paris(value).date()
    return format_date(value, "EEEE d MMMM y", locale=LOCALE)


def when(value: datetime | None) -> str:
    """mardi 24 novembre, 14 h 00"""
    if value is None:
        return ""
    return f"{day_long(value)}, {hour(value)}"


def when_full(value: datetime | None) -> str:
    """24/11/2026 à 14 h 00 — for tables and traces."""
    if value is None:
        return ""
    local = to_paris(value)
    return f"{format_datetime(local, 'dd/MM/y', tzinfo=PARIS, locale=LOCALE)} à {hour(value)}"


def iso_utc(value: datetime) -> str:
    """Machine-readable time for <time datetime=…>."""
    return value.replace(tzinfo=UTC).isoformat()


def month_name(value: date) -> str:
    """novembre 2026"""
    return format_date(value, "LLLL y", locale=LOCALE)


def week_of(value: date) -> str:
    """The ISO week of a day, as the planner's URLs write it: 2026-W48."""
    year, week, _ = value.isocalendar()
    return f"{year}-W{week:02d}"


def paris_month(value: datetime) -> str:
    """The agenda's month of a stored time: 2026-11."""
    local = to_paris(value)
    return f"{local.year}-{local.month:02d}"


def register_filters(app) -> None:
    app.jinja_env.globals.update(week_of=week_of)
    app.jinja_env.filters.update(
        month_name=month_name,
        paris_month=paris_month,
        when=when,
        when_full=when_full,
        hour=hour,
        day_long=day_long,
        day_full=day_full,
        iso_utc=iso_utc,
    )


def paris_to_utc(local: datetime) -> datetime:
    """A naive Europe/Paris wall-clock time (from a form) as the naive UTC we store.

    The two awkward hours of the year are read with `fold=0`, as zoneinfo does:
    - an hour that happens twice (the last Sunday of October, 02:00–03:00) is its first
      occurrence, still summer time: 2026-10-25 02:30 → 00:30 UTC;
    - an hour that does not exist (the last Sunday of March, 02:00–03:00) is read with the
      offset in force before the change (winter time, UTC+1), i.e. shifted forward:
      2026-03-29 02:30 → 01:30 UTC (shown back as 03:30).
    """
    aware = local.replace(tzinfo=PARIS, fold=0)
    return aware.astimezone(UTC).replace(tzinfo=None)


def utc_to_paris_naive(value: datetime) -> datetime:
    """Stored naive UTC as a naive Paris wall-clock time (to prefill a form)."""
    return to_paris(value).replace(tzinfo=None)
