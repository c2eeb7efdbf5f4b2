""" "Pendant ma pause": for today and my shift, only the slots I can still reach, soonest first,
each with its one-tap sign-up; the ward home's "Prochains créneaux"."""

from datetime import date, datetime, time, timedelta

import pytest

from app.core.timefmt import paris_to_utc, to_paris, utcnow
from app.pause import services
from tests.factories import today

URL = "/s/hematologie/pause/"


@pytest.fixture
def massage(make, ward):
    return make.activity(ward)


def _in(minutes: int) -> datetime:
    return utcnow() + timedelta(minutes=minutes)


def _shift_around_now(make, ward, name="jour", before=60, after=300, breaks=""):
    """A shift in progress now (it may cross midnight, whatever the hour of the test run)."""
    local = to_paris(utcnow())
    starts = (local - timedelta(minutes=before)).time().replace(second=0, microsecond=0)
    ends = (local + timedelta(minutes=after)).time().replace(second=0, microsecond=0)
    return make.shift(ward, name, starts, ends, breaks=breaks)


def _order(page: str, ids: list[int]) -> list[int]:
    found = [(page.index(f'id="creneau-{i}"'), i) for i in ids if f'id="creneau-{i}"' in page]
    return [i for _pos, i in sorted(found)]


def test_without_shifts_the_next_twelve_hours_soonest_first(
    login_as, people, make, ward, other_ward, massage
):
    later = make.slot(massage, starts_at=_in(120), capacity=3)
    soon = make.slot(massage, starts_at=_in(30), capacity=3)
    full = make.slot(massage, starts_at=_in(60), capacity=1)
    make.sign_up(full, people["julie"])
    started = make.slot(massage, starts_at=_in(-5))
    tomorrow = make.slot(massage, starts_at=_in(13 * 60))
    cancelled = make.slot(massage, starts_at=_in(40), status="cancelled")
    frozen = make.slot(massage, starts_at=_in(45), status="frozen")
    paused = make.slot(make.activity(ward, name="Yoga", status="suspended"), starts_at=_in(50))
    elsewhere = make.slot(make.activity(other_ward, name="Ailleurs"), starts_at=_in(35))
    page = login_as(people["member"]).get(URL).get_data(as_text=True)
    assert "Les 12 prochaines heures" in page
    every = [
        later.id,
        soon.id,
        full.id,
        started.id,
        tomorrow.id,
        cancelled.id,
        frozen.id,
        paused.id,
        elsewhere.id,
    ]
    assert _order(page, every) == [soon.id, full.id, later.id]
    assert "3 places sur 3" in page
    assert "Rejoindre la liste d'attente" in page  # full: the waiting list is still reachable
    # The planner's own one-tap button and route: the htmx swap and the charter gate are the same.
    assert f'hx-post="/s/hematologie/planning/creneaux/{soon.id}/inscription"' in page
    assert f'hx-target="#creneau-{soon.id}"' in page


def test_the_shift_in_progress_is_mine_until_i_say_otherwise(login_as, people, make, ward, massage):
    _shift_around_now(make, ward, after=120)
    inside = make.slot(massage, starts_at=_in(60))
    after_my_shift = make.slot(massage, starts_at=_in(180))
    page = login_as(people["member"]).get(URL).get_data(as_text=True)
    assert "Équipe jour" in page and "(en cours)" in page and "Changer d'équipe" in page
    assert f'id="creneau-{inside.id}"' in page
    assert f'id="creneau-{after_my_shift.id}"' not in page


def test_without_a_shift_in_progress_it_asks_once_then_remembers(login_as, people, make, ward, massage):
    local = to_paris(utcnow())
    # A shift starting in 2 hours, for 4 hours: none is in progress now.
    starts = (local + timedelta(hours=2)).time().replace(second=0, microsecond=0)
    ends = (local + timedelta(hours=6)).time().replace(second=0, microsecond=0)
    evening = make.shift(ward, "soir", starts, ends, breaks="")
    in_it = make.slot(massage, starts_at=_in(150))
    client = login_as(people["member"])
    page = client.get(URL).get_data(as_text=True)
    assert "Quelle est votre équipe aujourd'hui" in page
    assert f'name="shift" value="{evening.id}"' in page
    response = client.post("/s/hematologie/pause/equipe", {"shift": str(evening.id)})
    assert response.status_code == 303 and response.headers["Location"] == URL
    page = client.get(URL).get_data(as_text=True)
    assert "Équipe soir" in page and "(en cours)" not in page
    assert f'id="creneau-{in_it.id}"' in page
    # "Changer d'équipe" asks again, on demand only.
    assert "Quelle est votre équipe" in client.get(f"{URL}?equipe=choisir").get_data(as_text=True)


def test_a_chosen_shift_wins_over_the_one_in_progress(login_as, people, make, ward, massage):
    _shift_around_now(make, ward, before=30, after=60)
    local = to_paris(utcnow())
    starts = (local + timedelta(minutes=60)).time().replace(second=0, microsecond=0)
    ends = (local + timedelta(minutes=600)).time().replace(second=0, microsecond=0)
    night = make.shift(ward, "nuit", starts, ends, breaks="")
    late = make.slot(massage, starts_at=_in(240))
    client = login_as(people["member"])
    assert f'id="creneau-{late.id}"' not in client.get(URL).get_data(as_text=True)
    client.post("/s/hematologie/pause/equipe", {"shift": str(night.id)})
    assert f'id="creneau-{late.id}"' in client.get(URL).get_data(as_text=True)


def test_choosing_a_shift_of_another_ward_or_nonsense_is_refused(login_as, people, make, other_ward):
    foreign = make.shift(other_ward)
    client = login_as(people["member"])
    assert client.post("/s/hematologie/pause/equipe", {"shift": str(foreign.id)}).status_code == 404
    assert client.post("/s/hematologie/pause/equipe", {"shift": "abc"}).status_code == 404
    assert client.post("/s/hematologie/pause/equipe", {"shift": "9" * 30}).status_code == 400
    assert client.post("/s/hematologie/pause/equipe", {"shift": ""}).status_code == 400


def test_nothing_left_says_so_and_points_to_the_planner(login_as, people):
    page = login_as(people["member"]).get(URL).get_data(as_text=True)
    assert "Plus aucun créneau ouvert pendant votre équipe." in page
    assert 'href="/s/hematologie/planning/"' in page


def test_my_own_sign_up_shows_with_its_cancel_button(login_as, people, make, massage):
    slot = make.slot(massage, starts_at=_in(30))
    make.sign_up(slot, people["member"])
    page = login_as(people["member"]).get(URL).get_data(as_text=True)
    assert "Vous êtes inscrit·e" in page and "Se désinscrire" in page


def test_signing_up_from_the_break_page_swaps_the_slot_in_place(login_as, people, make, massage):
    slot = make.slot(massage, starts_at=_in(30))
    client = login_as(people["member"])
    response = client.post(f"/s/hematologie/planning/creneaux/{slot.id}/inscription", htmx=True)
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.startswith('<article class="slot-card state-confirmed')
    assert "C&#39;est noté" in fragment


def test_the_window_of_a_night_after_midnight(make, ward):
    night = make.shift(ward, "nuit", time(19), time(7), breaks="")
    at_3am = paris_to_utc(datetime.combine(date(2027, 3, 10), time(3, 0)))
    window, _ = services.window_for(ward, night.id, at_3am)
    assert to_paris(window.starts_at).day == 9 and to_paris(window.ends_at).day == 10


# --- the ward home says what is next ----------------------------------------------------------------


def test_ward_home_shows_the_next_slots_of_today_and_tomorrow(login_as, people, make, massage):
    soon = make.slot(massage, starts_at=_in(30), capacity=2)
    tomorrow = make.slot(massage, day=today() + timedelta(days=1), start=time(14))
    later = make.slot(massage, day=today() + timedelta(days=2), start=time(14))
    page = login_as(people["member"]).get("/s/hematologie/").get_data(as_text=True)
    block = page[page.index('aria-labelledby="prochains-creneaux"') : page.index('id="fil-titre"')]
    assert "Prochains créneaux" in block
    assert 'href="/s/hematologie/pause/"' in block  # "Pendant ma pause", one tap
    assert f'id="creneau-{soon.id}"' in block and f'id="creneau-{tomorrow.id}"' in block
    assert f'id="creneau-{later.id}"' not in block
    assert "2 places sur 2" in block and "S'inscrire" in block
    assert page.index("Prochains créneaux") < page.index("Le fil du service")


def test_ward_home_with_nothing_next(login_as, people):
    page = login_as(people["member"]).get("/s/hematologie/").get_data(as_text=True)
    assert "Aucun créneau ouvert aujourd'hui ni demain." in page


def test_the_header_leads_to_the_break_page(login_as, people):
    page = login_as(people["member"]).get("/s/hematologie/agenda/").get_data(as_text=True)
    assert '<a href="/s/hematologie/pause/">Ma pause</a>' in page
