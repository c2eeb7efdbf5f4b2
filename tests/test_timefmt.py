"""Dates are stored in UTC and shown in Europe/Paris, in French."""

from datetime import date

from app.core.timefmt import day_full, day_long, hour, when, when_full
from tests.factories import utc


def test_winter_time_is_utc_plus_one():
    assert when(utc(2026, 11, 24, 13, 0)) == "mardi 24 novembre, 14\u00a0h\u00a000"


def test_summer_time_is_utc_plus_two():
    assert hour(utc(2026, 7, 14, 12, 5)) == "14\u00a0h\u00a005"


def test_day_names_in_french():
    assert day_long(date(2026, 12, 25)) == "vendredi 25 décembre"
    assert day_full(date(2027, 1, 1)) == "vendredi 1 janvier 2027"


def test_late_evening_utc_is_next_day_in_paris():
    assert when_full(utc(2026, 12, 31, 23, 30)) == "01/01/2027 à 0\u00a0h\u00a030"


def test_none_is_empty():
    assert when(None) == ""
