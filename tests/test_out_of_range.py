"""Weeks, months and ids out of what the app can show: a French 404, or today with a French
message, never a 5xx (both engines). Bounded in one place: the URL converters
(`app.core.converters`) and one week/month parser (`app.core.periods`)."""

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import periods
from app.core.converters import MAX_ID, query_id
from app.extensions import db
from app.models import Activity

HUGE = "9" * 20
WEEK_FALLBACK = "Cette semaine n&#39;existe pas : voici la semaine en cours."
MONTH_FALLBACK = "Ce mois n&#39;existe pas : voici le mois en cours."
NOT_FOUND = "Page introuvable"


@pytest.fixture
def ward(make):
    return make.ward("hematologie")


@pytest.fixture
def member(ward, make, login_as):
    person = make.person(ward=ward, role="manager")  # sees and may try everything in the ward
    return login_as(person)


def _text(response) -> str:
    return response.get_data(as_text=True).replace("\u00a0", " ")


@pytest.mark.parametrize("week", ["9999-W52", "0001-W01", "2101-W01", "1999-W52", "2026-W54", "2026-W00"])
@pytest.mark.parametrize("page", ["/s/hematologie/planning/", "/s/hematologie/agenda/semaine"])
def test_weeks_out_of_range_fall_back_to_this_week_with_a_message(member, page, week):
    response = member.get(f"{page}?semaine={week}", follow_redirects=True)
    assert response.status_code == 200
    assert WEEK_FALLBACK in _text(response)


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2101-01", "1999-12", "2026-13", "2026-00"])
def test_months_out_of_range_fall_back_to_this_month_with_a_message(member, month):
    response = member.get(f"/s/hematologie/agenda/?mois={month}", follow_redirects=True)
    assert response.status_code == 200
    assert MONTH_FALLBACK in _text(response)


@pytest.mark.parametrize(
    "url",
    [
        "/s/hematologie/planning/imprimer?semaine=9999-W52",
        "/s/hematologie/planning/imprimer?semaine=0001-W01",
        "/s/hematologie/agenda/semaine/imprimer?semaine=9999-W52",
        "/s/hematologie/agenda/imprimer?mois=9999-12",
        "/s/hematologie/agenda/imprimer?mois=0001-01",
        f"/s/hematologie/planning/?activite={HUGE}",
        f"/s/hematologie/?apres={HUGE}",
    ],
)
def test_prints_and_filters_out_of_range_show_today(member, url):
    assert member.get(url).status_code == 200


def test_the_edges_of_the_range_are_shown(member):
    for week in ("2000-W01", "2100-W52"):
        response = member.get(f"/s/hematologie/planning/?semaine={week}")
        assert response.status_code == 200
        assert WEEK_FALLBACK not in _text(response)
    for month in ("2000-01", "2100-12"):
        response = member.get(f"/s/hematologie/agenda/?mois={month}")
        assert response.status_code == 200
        assert MONTH_FALLBACK not in _text(response)


def _int_rules(app):
    """Every URL rule with a number in it (`int` is the bounded converter)."""
    assert app.url_map.converters["int"].__name__ == "BoundedIntConverter"
    for rule in app.url_map.iter_rules():
        if re.search(r"<int:\w+>", rule.rule):
            yield rule


def _fill(rule, value: str) -> str:
    path = rule.rule.replace("<slug>", "hematologie")
    path = re.sub(r"<int:\w+>", value, path)
    path = re.sub(r"<any\(([^)]*)\):\w+>", lambda m: m.group(1).split(",")[0].strip(), path)
    return re.sub(r"<(?:path:|string:)?\w+>", "x", path)


@pytest.mark.parametrize("value", [HUGE, str(2**63), "1" + "0" * 30])
def test_every_url_with_a_huge_number_is_a_french_404(app, member, value):
    rules = list(_int_rules(app))
    assert len(rules) > 40  # every blueprint's numbered URLs
    for rule in rules:
        path = _fill(rule, value)
        method = "get" if "GET" in rule.methods else "post"
        response = getattr(member, method)(path)
        assert response.status_code == 404, (path, response.status_code)
        assert NOT_FOUND in _text(response) or method == "post"


@pytest.mark.parametrize("value", [str(MAX_ID), str(2**31), str(2**31 - 1)])
def test_the_largest_ids_are_looked_up_and_not_found(member, value):
    for path in (
        f"/s/hematologie/planning/creneaux/{value}",
        f"/s/hematologie/activites/{value}",
        f"/s/hematologie/agenda/evenements/{value}",
        f"/s/hematologie/agenda/sondages/{value}",
    ):
        response = member.get(path)
        assert response.status_code == 404, path
        assert NOT_FOUND in _text(response)
    tap = member.post(f"/s/hematologie/planning/creneaux/{value}/inscription", htmx=True)
    assert tap.status_code == 404


def test_the_parsers_bounds():
    assert periods.parse_week("2026-W48") == date(2026, 11, 23)
    assert periods.parse_month("2026-11") == date(2026, 11, 1)
    for bad in ("9999-W52", "0001-W01", "2026-W", "-W1", "2026-W1x", "x" * 500, None, ""):
        assert periods.parse_week(bad) is None
    for bad in ("9999-12", "0001-01", "2026-", "-11", "2026-1x", "x" * 500, None, ""):
        assert periods.parse_month(bad) is None
    for bad in ("0", "-1", HUGE, str(MAX_ID + 1), "1e3", "", "١٢"):
        with pytest.raises(ValueError, match="not an id"):
            query_id(bad)
    assert query_id(str(MAX_ID)) == MAX_ID


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PERIOD_TEXT = st.one_of(
    st.from_regex(r"\A-?[0-9]{1,6}-[Ww]?-?[0-9]{1,4}\Z"),
    st.text(alphabet="0123456789-Ww ", max_size=14),
)


@FUZZ
@given(week=PERIOD_TEXT, month=PERIOD_TEXT)
def test_any_week_or_month_typed_answers_without_error(member, week, month):
    for url in (
        f"/s/hematologie/planning/?semaine={week}",
        f"/s/hematologie/agenda/semaine?semaine={week}",
        f"/s/hematologie/agenda/?mois={month}",
        f"/s/hematologie/agenda/imprimer?mois={month}",
    ):
        assert member.get(url).status_code == 200, url
    db.session.rollback()


OUT_OF_RANGE = "Choisissez une date entre 2000 et 2100."


@pytest.fixture
def activity(ward):
    item = Activity(ward_id=ward.id, name="Marche", status="active", place="Parc", outside_workplace=True)
    db.session.add(item)
    db.session.commit()
    return item


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2101-01-01"])
def test_dates_typed_out_of_range_in_forms_are_refused_in_french(member, activity, day):
    event = member.post(
        "/s/hematologie/agenda/evenements/nouveau",
        {"title": "Pot", "kind": "other", "day": day, "all_day": "y", "end_day": day},
    )
    assert event.status_code == 422
    assert OUT_OF_RANGE in _text(event)
    slot = member.post(
        "/s/hematologie/planning/creneaux/nouveau",
        {"activity_id": activity.id, "day": day, "start": "14:00", "end": "14:20", "capacity": "4"},
    )
    assert slot.status_code == 422
    assert OUT_OF_RANGE in _text(slot)
    series = member.post(
        "/s/hematologie/planning/creneaux/nouveau",
        {
            "activity_id": activity.id,
            "day": "2026-12-01",
            "start": "14:00",
            "end": "14:20",
            "capacity": "4",
            "weekdays": "2",
            "until": day,
        },
    )
    assert series.status_code == 422
    order = member.post(
        f"/s/hematologie/activites/{activity.id}/ordre-de-mission",
        {"starts_at": f"{day}T09:00", "ends_at": f"{day}T17:00", "purpose": "Sortie"},
    )
    assert order.status_code == 422
    assert OUT_OF_RANGE in _text(order)
    poll = member.post(
        "/s/hematologie/agenda/sondages/nouveau", {"title": "Repas", "jour-1": day, "jour-2": "2026-12-20"}
    )
    assert poll.status_code == 422
    assert "Date n° 1 : choisissez une date entre 2000 et 2100." in _text(poll)
