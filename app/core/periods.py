"""Weeks and months typed in a URL (`?semaine=2026-W48`, `?mois=2026-11`), read in one place
for the planner and the agenda, and bounded to the years the app can show: anything else
is "not a period" (None) and the view falls back to today with a message, never a 500."""

from datetime import date

# Far enough on both sides for any planning; far from date.min / date.max, so the views can
# step a week or a month either way and convert to UTC without overflowing.
MIN_YEAR = 2000
MAX_YEAR = 2100
OUT_OF_RANGE = f"Choisissez une date entre {MIN_YEAR} et {MAX_YEAR}."


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def in_range(day: date) -> bool:
    return MIN_YEAR <= day.year <= MAX_YEAR


def parse_week(value: str | None) -> date | None:
    """ "2026-W48" → the Monday of that ISO week; None when it is not a week we show."""
    if not value or len(value) > 10:
        return None
    try:
        year, week = value.strip().upper().split("-W")
        if not (_digits(year) and _digits(week) and MIN_YEAR <= int(year) <= MAX_YEAR):
            return None
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return None


def parse_month(value: str | None) -> date | None:
    """ "2026-11" → 1 November 2026; None when it is not a month we show."""
    if not value or len(value) > 7:
        return None
    year, _, month = value.strip().partition("-")
    if not (_digits(year) and _digits(month) and MIN_YEAR <= int(year) <= MAX_YEAR):
        return None
    try:
        return date(int(year), int(month), 1)
    except ValueError:
        return None
