"""Shifts and breaks: a ward defines its shifts and usual break times; slots are tagged with
their shift, the planner filters by shift, a slot may cross midnight, referents are offered
the usual break times. Bad input: a French message and nothing changed."""

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from app.core.errors import DomainError
from app.core.timefmt import paris_to_utc, to_paris
from app.extensions import db
from app.models import Shift, SignUp, Slot
from app.planner import services as planner
from app.shifts import services
from tests.conftest import changed_tables, db_fingerprint
from tests.factories import today

URL = "/s/hematologie/planning/equipes/"


def _local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A naive Paris wall-clock time, as a form gives it."""
    return datetime.combine(date(year, month, day), time(hour, minute))


@pytest.fixture
def massage(make, ward, people):
    return make.activity(ward, referents=[people["referent"]])


# --- the rules, in the services -------------------------------------------------------------------


def test_day_and_night_shifts_are_saved(ward, people):
    admin = people["admin"]
    day = services.save_shift(
        ward, by=admin, name="jour", starts=time(7), ends=time(19), breaks=[time(10), time(14, 30)]
    )
    night = services.save_shift(ward, by=admin, name="nuit", starts=time(19), ends=time(7), breaks=[time(2)])
    db.session.commit()
    assert [s.name for s in services.ward_shifts(ward)] == ["jour", "nuit"]
    assert day.breaks == "10:00,14:30" and night.crosses_midnight
    assert [m for m, _shift in services.usual_breaks(ward)] == [time(2), time(10), time(14, 30)]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"starts": time(7), "ends": time(7)}, "ne peut pas finir à l'heure où elle commence"),
        ({"starts": time(18), "ends": time(6)}, "chevauchent l'équipe « jour »"),
        ({"starts": time(6), "ends": time(8)}, "chevauchent l'équipe « jour »"),
        (
            {"starts": time(19), "ends": time(7), "breaks": [time(12)]},
            "La pause de 12\u00a0h\u00a000 tombe en dehors",
        ),
        ({"name": "Jour", "starts": time(19), "ends": time(23)}, "s'appelle déjà « jour »"),
        ({"name": "  "}, "Donnez un nom"),
    ],
)
def test_bad_shifts_are_refused(make, ward, people, fields, message):
    make.shift(ward, "jour", time(7), time(19))
    values = {"name": "nuit", "starts": time(19), "ends": time(7), "breaks": [], **fields}
    with pytest.raises(DomainError, match=message):
        services.save_shift(ward, by=people["admin"], **values)


def test_a_shift_may_touch_the_next_one(make, ward, people):
    make.shift(ward, "jour", time(7), time(19))
    services.save_shift(ward, by=people["admin"], name="nuit", starts=time(19), ends=time(7), breaks=[])


def test_editing_a_shift_does_not_overlap_itself(make, ward, people):
    day = make.shift(ward, "jour", time(7), time(19))
    services.save_shift(
        ward, by=people["admin"], shift=day, name="jour", starts=time(6, 30), ends=time(18, 30), breaks=[]
    )
    assert day.starts == time(6, 30)


def test_only_admins_and_the_manager_keep_shifts(ward, people):
    for who in ("member", "referent", "outsider"):
        with pytest.raises(DomainError, match="Seuls les administrateurs"):
            services.save_shift(ward, by=people[who], name="jour", starts=time(7), ends=time(19), breaks=[])
    services.save_shift(ward, by=people["manager"], name="jour", starts=time(7), ends=time(19), breaks=[])


def test_break_times_are_read_the_french_way():
    assert services.parse_breaks("10:00, 12 h 30; 16h, 9") == [time(9), time(10), time(12, 30), time(16)]
    assert services.parse_breaks("") == []
    for bad in ("25:00", "midi", "10:75"):
        with pytest.raises(DomainError, match=f"« {bad} » n'est pas une heure"):
            services.parse_breaks(bad)


def test_the_night_after_midnight_is_the_night_that_began_yesterday(make, ward):
    night = make.shift(ward, "nuit", time(19), time(7), breaks="")
    at_3am = paris_to_utc(_local(2027, 3, 10, 3, 0))
    window = services.current_window(night, at_3am)
    assert to_paris(window.starts_at).replace(tzinfo=None) == _local(2027, 3, 9, 19, 0)
    assert to_paris(window.ends_at).replace(tzinfo=None) == _local(2027, 3, 10, 7, 0)
    at_9pm = paris_to_utc(_local(2027, 3, 10, 21, 0))
    assert to_paris(services.current_window(night, at_9pm).starts_at).day == 10


def test_once_todays_shift_is_over_the_next_one_is_meant(make, ward):
    morning = make.shift(ward, "matin", time(6), time(11), breaks="")
    at_8pm = paris_to_utc(_local(2027, 3, 10, 20, 0))
    window = services.current_window(morning, at_8pm)
    assert to_paris(window.starts_at).replace(tzinfo=None) == _local(2027, 3, 11, 6, 0)
    at_9am = paris_to_utc(_local(2027, 3, 10, 9, 0))
    assert to_paris(services.current_window(morning, at_9am).starts_at).day == 10


def test_a_slot_is_tagged_with_its_shift(make, ward):
    day = make.shift(ward, "jour", time(7), time(19))
    night = make.shift(ward, "nuit", time(19), time(7), breaks="")
    shifts = [day, night]
    assert services.shift_of_slot(shifts, paris_to_utc(_local(2027, 3, 10, 14, 0))) is day
    assert services.shift_of_slot(shifts, paris_to_utc(_local(2027, 3, 10, 23, 30))) is night
    assert services.shift_of_slot(shifts, paris_to_utc(_local(2027, 3, 10, 0, 30))) is night
    assert services.shift_day(night, paris_to_utc(_local(2027, 3, 10, 0, 30))).day == 9


# --- the page of the shifts ----------------------------------------------------------------------


def test_admin_adds_a_shift_from_the_page(login_as, people):
    client = login_as(people["admin"])
    assert "Ajouter une équipe" in client.get(URL).get_data(as_text=True)
    response = client.post(
        URL, {"name": "nuit", "starts": "19:00", "ends": "07:00", "breaks": "23:30, 2 h 00"}
    )
    assert response.status_code == 303
    shift = db.session.scalar(select(Shift))
    assert (shift.name, shift.starts, shift.ends, shift.breaks) == ("nuit", time(19), time(7), "02:00,23:30")
    page = client.get(URL).get_data(as_text=True)
    assert "19\u00a0h\u00a000 – 7\u00a0h\u00a000 (le lendemain)" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"starts": "19:00", "ends": "19:00"}, "ne peut pas finir à l&#39;heure où elle commence"),
        ({"starts": "12:00", "ends": "20:00"}, "chevauchent l&#39;équipe « jour »"),
        ({"breaks": "12:00"}, "La pause de 12\u00a0h\u00a000 tombe en dehors"),
        ({"breaks": "midi"}, "« midi » n&#39;est pas une heure"),
        ({"starts": "sept heures"}, "Début"),
    ],
)
def test_bad_shift_input_is_422_in_french_and_changes_nothing(login_as, people, make, ward, fields, message):
    make.shift(ward, "jour", time(7), time(19), breaks="")
    client = login_as(people["admin"])
    before = db_fingerprint()
    data = {"name": "nuit", "starts": "19:00", "ends": "07:00", "breaks": "", **fields}
    response = client.post(URL, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert 'value="nuit"' in page  # what was typed is kept
    assert changed_tables(before, db_fingerprint()) == []


def test_admin_edits_and_deletes_a_shift(login_as, people, make, ward):
    shift = make.shift(ward, "jour", time(7), time(19))
    client = login_as(people["admin"])
    page = client.get(f"{URL}{shift.id}/modifier").get_data(as_text=True)
    assert 'value="10:00, 14:00"' in page
    response = client.post(
        f"{URL}{shift.id}/modifier", {"name": "jour", "starts": "06:30", "ends": "18:30", "breaks": ""}
    )
    assert response.status_code == 303
    db.session.refresh(shift)
    assert (shift.starts, shift.breaks) == (time(6, 30), "")
    assert client.post(f"{URL}{shift.id}/supprimer").status_code == 303
    assert db.session.scalar(select(func.count(Shift.id))) == 0


def test_members_and_other_wards_cannot_keep_shifts(login_as, people, make, ward, other_ward):
    shift = make.shift(ward)
    assert login_as(people["member"]).get(URL).status_code == 403
    assert (
        login_as(people["referent"]).post(URL, {"name": "x", "starts": "01:00", "ends": "02:00"}).status_code
        == 403
    )
    foreign = make.shift(other_ward)
    admin = login_as(people["admin"])
    assert admin.get(f"{URL}{foreign.id}/modifier").status_code == 404
    assert admin.post(f"{URL}{foreign.id}/supprimer").status_code == 404
    assert db.session.scalar(select(func.count(Shift.id))) == 2
    assert shift.id


# --- the planner with shifts ---------------------------------------------------------------------


def _new_slot(client, massage, day, start, end):
    return client.post(
        "/s/hematologie/planning/creneaux/nouveau",
        {"activity_id": massage.id, "day": day.isoformat(), "start": start, "end": end, "capacity": "3"},
    )


def test_a_night_slot_across_midnight_is_created_and_shown_on_its_night(
    login_as, people, make, ward, massage
):
    make.shift(ward, "nuit", time(19), time(7), breaks="23:30")
    client = login_as(people["referent"])
    day = today() + timedelta(days=2)
    assert _new_slot(client, massage, day, "23:30", "00:10").status_code == 303
    slot = db.session.scalar(select(Slot))
    assert to_paris(slot.starts_at).replace(tzinfo=None) == datetime.combine(day, time(23, 30))
    assert to_paris(slot.ends_at).replace(tzinfo=None) == datetime.combine(
        day + timedelta(days=1), time(0, 10)
    )
    week = planner.week_label(planner.this_monday(day))
    page = client.get(f"/s/hematologie/planning/?semaine={week}").get_data(as_text=True)
    column = page[page.index(f'id="jour-{day.isoformat()}"') :]
    column = column[: column.index("</section>")]
    assert f"creneau-{slot.id}" in column
    assert "(le lendemain)" in column and "équipe nuit" in column


def test_a_slot_longer_than_12_hours_is_refused(login_as, people, massage):
    client = login_as(people["referent"])
    response = _new_slot(client, massage, today() + timedelta(days=2), "08:00", "20:30")
    assert response.status_code == 422
    assert "Un créneau dure au plus 12 heures." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Slot.id))) == 0


def test_the_planner_is_filtered_by_shift(login_as, people, make, ward, massage):
    day_shift = make.shift(ward, "jour", time(7), time(19))
    night = make.shift(ward, "nuit", time(19), time(7), breaks="")
    day = today() + timedelta(days=2)
    afternoon = make.slot(massage, day=day, start=time(14))
    evening = make.slot(massage, day=day, start=time(21))
    week = planner.week_label(planner.this_monday(day))
    client = login_as(people["member"])
    page = client.get(f"/s/hematologie/planning/?semaine={week}&equipe={night.id}").get_data(as_text=True)
    assert f"creneau-{evening.id}" in page and f"creneau-{afternoon.id}" not in page
    assert f'<option value="{night.id}" selected>' in page
    fragment = client.get(f"/s/hematologie/planning/?semaine={week}&equipe={day_shift.id}", htmx=True)
    assert f"creneau-{afternoon.id}" in fragment.get_data(as_text=True)
    assert f"creneau-{evening.id}" not in fragment.get_data(as_text=True)
    everything = client.get(f"/s/hematologie/planning/?semaine={week}&equipe=abc").get_data(as_text=True)
    assert f"creneau-{afternoon.id}" in everything and f"creneau-{evening.id}" in everything


def test_referents_are_offered_the_usual_break_times(login_as, people, make, ward, massage):
    make.shift(ward, "jour", time(7), time(19), breaks="10:30,14:00")
    client = login_as(people["referent"])
    page = client.get("/s/hematologie/planning/creneaux/nouveau").get_data(as_text=True)
    assert "Pauses habituelles du service" in page
    assert "debut=10:30" in page and "10\u00a0h\u00a030" in page
    prefilled = client.get(
        f"/s/hematologie/planning/creneaux/nouveau?activite={massage.id}&debut=10:30"
    ).get_data(as_text=True)
    assert 'value="10:30"' in prefilled and 'value="10:50"' in prefilled
    assert client.get("/s/hematologie/planning/creneaux/nouveau?debut=nimporte").status_code == 200


def test_raising_a_capacity_moves_the_first_waiting_person_up(login_as, people, make, massage):
    slot = make.slot(massage, capacity=1)
    make.sign_up(slot, people["julie"])
    make.sign_up(slot, people["thomas"], status="waiting", waiting_seq=1)
    make.sign_up(slot, people["ines"], status="waiting", waiting_seq=2)
    slot.waiting_seq = 2
    db.session.commit()
    local = to_paris(slot.starts_at)
    response = login_as(people["referent"]).post(
        f"/s/hematologie/planning/creneaux/{slot.id}/modifier",
        {
            "day": local.date().isoformat(),
            "start": local.strftime("%H:%M"),
            "end": to_paris(slot.ends_at).strftime("%H:%M"),
            "capacity": "2",
            "scope": "this",
        },
    )
    assert response.status_code == 303
    rows = dict(db.session.execute(select(SignUp.person_id, SignUp.status)).all())
    assert rows[people["thomas"].id] == "confirmed"
    assert rows[people["ines"].id] == "waiting"
    db.session.refresh(slot)
    assert (slot.taken, slot.waiting) == (2, 1)


@pytest.mark.parametrize(
    "data",
    [
        {"name": "x" * 300, "starts": "07:00", "ends": "19:00"},
        {"name": "nuit", "starts": "25:99", "ends": "07:00"},
        {"name": "nuit", "starts": "19:00", "ends": "07:00", "breaks": "1" * 500},
        {"name": "nuit", "starts": "19:00", "ends": "07:00", "breaks": "٣:٠٠"},
        {"name": "\x00", "starts": "", "ends": ""},
        {},
    ],
)
def test_odd_shift_input_is_a_french_422_never_a_500(login_as, people, data):
    response = login_as(people["admin"]).post(URL, data)
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Shift.id))) == 0


@pytest.mark.parametrize(
    "query",
    ["equipe=-1", "equipe=99999999999999999999999", "equipe=%00", "debut=99:99", "debut=", "equipe=choisir"],
)
def test_odd_queries_on_the_planner_and_the_break_page(login_as, people, query):
    client = login_as(people["referent"])
    assert client.get(f"/s/hematologie/planning/?{query}").status_code == 200
    assert client.get(f"/s/hematologie/pause/?{query}").status_code == 200
    assert client.get(f"/s/hematologie/planning/creneaux/nouveau?{query}").status_code in (200, 403)
