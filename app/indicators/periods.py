"""The period the indicators cover, read from the small GET form, and the one before it."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from babel.dates import format_date

from app.core.timefmt import LOCALE, PARIS, paris_to_utc

CHOICES = {
    "mois": "Ce mois-ci",
    "trimestre": "Le dernier trimestre (3 derniers mois)",
    "annee": "Les 12 derniers mois",
    "dates": "Entre deux dates",
}
DEFAULT = "trimestre"
MAX_DAYS = 3 * 365 + 1  # three years, a leap day included
WEEKLY_UP_TO_DAYS = 190  # longer periods are drawn month by month


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included, Paris dates."""

    start: date
    end: date
    kind: str = "dates"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> "Period":
        """The period of the same length just before."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end, "dates")

    @property
    def start_utc(self) -> datetime:
        return paris_to_utc(datetime.combine(self.start, time()))

    @property
    def end_utc(self) -> datetime:  # exclusive
        return paris_to_utc(datetime.combine(self.end + timedelta(days=1), time()))

    @property
    def label(self) -> str:
        """du 3 septembre au 1 décembre 2026"""
        same_year = self.start.year == self.end.year
        first = format_date(self.start, "d MMMM" if same_year else "d MMMM y", locale=LOCALE)
        return f"du {first} au {format_date(self.end, 'd MMMM y', locale=LOCALE)}"

    @property
    def weekly(self) -> bool:
        return self.days <= WEEKLY_UP_TO_DAYS

    def query_args(self) -> dict:
        """What to put in a link to see (or export, or print) the same period."""
        if self.kind in ("mois", "trimestre", "annee"):
            return {"periode": self.kind}
        return {"periode": "dates", "du": self.start.isoformat(), "au": self.end.isoformat()}


def today_paris() -> date:
    return datetime.now(PARIS).date()


def _months_back(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for candidate in range(day.day, 27, -1):  # 31 March minus one month is 28 or 29 February
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


def preset(kind: str, today: date) -> Period:
    if kind == "mois":
        return Period(today.replace(day=1), today, kind)
    if kind == "annee":
        return Period(_months_back(today, 12) + timedelta(days=1), today, kind)
    return Period(_months_back(today, 3) + timedelta(days=1), today, "trimestre")


def _parse_date(value: str) -> date | None:
    """2026-09-01 (what a date field sends) or 01/09/2026 (what people type)."""
    value = value.strip()
    try:
        if "/" in value:
            day, month, year = (int(part) for part in value.split("/"))
            return date(year, month, day)
        return date.fromisoformat(value)
    except ValueError:
        return None


def _date_errors(raw_start: str, start: date | None, raw_end: str, end: date | None) -> dict:
    """French messages by field for the chosen dates: each date alone, then the two together."""
    errors = {}
    if not raw_start.strip():
        errors["du"] = "Indiquez la date de début."
    elif start is None or start.year < 2000:
        errors["du"] = f"«\u00a0{raw_start[:40]}\u00a0» n'est pas une date valide (jj/mm/aaaa)."
    if not raw_end.strip():
        errors["au"] = "Indiquez la date de fin."
    elif end is None or end.year > 2100:
        errors["au"] = f"«\u00a0{raw_end[:40]}\u00a0» n'est pas une date valide (jj/mm/aaaa)."
    if errors:
        return errors
    if end < start:
        errors["au"] = "La date de fin est avant la date de début."
    elif (end - start).days + 1 > MAX_DAYS:
        errors["au"] = "La période ne peut pas dépasser trois ans\u00a0: choisissez des dates plus proches."
    return errors


def read_period(args, today: date | None = None) -> tuple[Period, dict]:
    """The period asked in the query string, or the default one with errors by field
    (French messages): `({"du": "…"})`. What was typed stays in `args` for the form."""
    today = today or today_paris()
    kind = (args.get("periode") or DEFAULT).strip()
    if kind not in CHOICES:
        return preset(DEFAULT, today), {"periode": "Choisissez une des périodes proposées."}
    if kind != "dates":
        return preset(kind, today), {}
    raw_start, raw_end = args.get("du", ""), args.get("au", "")
    start, end = _parse_date(raw_start), _parse_date(raw_end)
    errors = _date_errors(raw_start, start, raw_end, end)
    if errors:
        return preset(DEFAULT, today), errors
    return Period(start, end, "dates"), {}


def buckets(period: Period) -> list[tuple[date, str]]:
    """The weeks (from Monday) or months of the period: (first day, French label)."""
    result = []
    if period.weekly:
        day = period.start - timedelta(days=period.start.weekday())
        while day <= period.end:
            shown = max(day, period.start)
            result.append((shown, format_date(day, "d MMM", locale=LOCALE)))
            day += timedelta(days=7)
        return result
    day = period.start.replace(day=1)
    while day <= period.end:
        result.append((max(day, period.start), format_date(day, "MMM y", locale=LOCALE)))
        day = (day + timedelta(days=32)).replace(day=1)
    return result


def bucket_bounds(period: Period) -> list[datetime]:
    """UTC start of each bucket after the first, for one SQL CASE."""
    return [paris_to_utc(datetime.combine(first, time())) for first, _label in buckets(period)[1:]]
