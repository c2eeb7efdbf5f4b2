"""The planner: week view, one-tap sign-up with the charter, waiting list, slot keeping."""

import hashlib
import html
import re
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from app.core.timefmt import PARIS, utcnow
from app.extensions import db
from app.models import CharterSignature, Notification, SignUp, Slot, SlotFeedback
from app.planner import services
from tests.conftest import count_queries
from tests.factories import Factory


@pytest.fixture
def massage(make, ward, people):
    """Léa's activity, of which she is the referent, with a charter to accept."""
    return make.activity(
        ward,
        proposer=people["referent"],
        referents=[people["referent"]],
        place="Salle de pause",
        responsibility_charter="Je signale mes douleurs au référent.",
    )


def next_week_day(weekday: int) -> date:
    today = datetime.now(PARIS).date()
    monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
    return monday + timedelta(days=weekday - 1)


def make_slot(activity, *, day=None, **fields) -> Slot:
    """A slot next week (Tuesday by default), 14 h 00 for 20 minutes, two places."""
    return Factory().slot(activity, day=day or next_week_day(2), **fields)


def accept(person, activity):
    Factory().charter_signature(person, activity)


def _tap(client, slot, action="inscription", **data):
    return client.post(f"/s/hematologie/planning/creneaux/{slot.id}/{action}", data, htmx=True)


def _state(slot):
    db.session.commit()
    db.session.refresh(slot)
    rows = db.session.execute(select(SignUp.person_id, SignUp.status).where(SignUp.slot_id == slot.id)).all()
    return slot.taken, dict(rows)


# --- weeks -------------------------------------------------------------------------------------


def test_parse_week():
    assert services.parse_week("2026-W48") == date(2026, 11, 23)
    assert services.parse_week("2026-w01") == date(2025, 12, 29)
    for bad in ("2026-W54", "semaine", "2026-48", "", None, "2026-W00", "99999-W01"):
        assert services.parse_week(bad) is None


def test_week_page_and_htmx_navigation(login_as, people, massage):
    slot = make_slot(massage)
    client = login_as(people["thomas"])
    week = services.week_label(services.this_monday(next_week_day(1)))
    page = client.get(f"/s/hematologie/planning/?semaine={week}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'id="creneau-{slot.id}"' in html
    assert "2 places sur 2" in html
    assert "14\u00a0h\u00a000" in html
    fragment = client.get(f"/s/hematologie/planning/?semaine={week}", htmx=True)
    assert fragment.get_data(as_text=True).startswith('<div id="semaine">')
    assert "HX-Request" in fragment.headers["Vary"]
    bad = client.get("/s/hematologie/planning/?semaine=n-importe-quoi")
    assert bad.status_code == 200
    assert "Cette semaine n&#39;existe pas" in bad.get_data(as_text=True)


def test_week_query_count_is_fixed(login_as, people, massage, make):
    client = login_as(people["thomas"])
    week = services.week_label(services.this_monday(next_week_day(1)))
    make_slot(massage)
    with count_queries() as few:
        client.get(f"/s/hematologie/planning/?semaine={week}")
    for n in range(40):
        slot = make_slot(massage, start=time(6 + n % 14, 0), day=next_week_day(1 + n % 7), capacity=3)
        make.sign_up(slot, people["thomas"])
    with count_queries() as many:
        client.get(f"/s/hematologie/planning/?semaine={week}")
    assert len(few) == len(many)
    assert len(many) <= 12


# --- one tap ------------------------------------------------------------------------------------


def test_first_sign_up_asks_the_charter_in_place_then_records_it(login_as, people, massage):
    slot = make_slot(massage)
    client = login_as(people["thomas"])
    asked = _tap(client, slot)
    assert asked.status_code == 200
    card = asked.get_data(as_text=True)
    assert card.startswith('<article class="slot-card')
    assert "Je signale mes douleurs au référent." in card
    assert _state(slot) == (0, {})
    shown = (utcnow() - timedelta(minutes=1)).isoformat()
    done = _tap(client, slot, accept_charter="oui", shown_at=shown)
    assert done.status_code == 200
    assert "Vous êtes inscrit·e" in done.get_data(as_text=True)
    assert 'id="flashes" hx-swap-oob="innerHTML"' in done.get_data(as_text=True)
    assert _state(slot) == (1, {people["thomas"].id: "confirmed"})
    signature = db.session.scalar(select(CharterSignature))
    assert (signature.version, len(signature.text_sha256)) == (1, 64)
    assert signature.user_agent
    # Not asked again for another slot of the same activity…
    other = make_slot(massage, day=next_week_day(4))
    assert "Vous êtes inscrit·e" in _tap(client, other).get_data(as_text=True)
    # …until the charter changes.
    massage.responsibility_charter, massage.charter_version = "Nouvelle charte.", 2
    db.session.commit()
    third = make_slot(massage, day=next_week_day(5))
    assert "Nouvelle charte." in _tap(client, third).get_data(as_text=True)


CHARTER_TEXT = re.compile(r'<div class="charter-text pre" tabindex="0">(.*?)</div>', re.DOTALL)


def test_charter_acceptance_stores_the_sha256_of_the_text_shown(login_as, people, massage):
    """The signature's hash is recomputed from the very text the page showed."""
    massage.responsibility_charter = (
        "Je signale mes douleurs au référent ;\n"
        "je m'arrête quand je veux — « sans me justifier » & sans <gêne>.\n\n"
        "  Dernière ligne, indentée.\n"
    )
    db.session.commit()
    slot = make_slot(massage)
    client = login_as(people["thomas"])
    card = _tap(client, slot).get_data(as_text=True)
    shown_texts = CHARTER_TEXT.findall(card)
    assert len(shown_texts) == 1, card
    shown = html.unescape(shown_texts[0])
    assert shown == massage.responsibility_charter  # the page shows it whole, nothing trimmed
    shown_at = re.search(r'name="shown_at" value="([^"]+)"', card).group(1)
    assert "Vous êtes inscrit·e" in _tap(client, slot, accept_charter="oui", shown_at=shown_at).get_data(
        as_text=True
    )
    signature = db.session.scalar(select(CharterSignature))
    assert signature.person_id == people["thomas"].id
    assert signature.version == massage.charter_version
    assert signature.text_sha256 == hashlib.sha256(shown.encode("utf-8")).hexdigest()


def test_full_slot_waiting_list_and_automatic_promotion(login_as, people, massage):
    slot = make_slot(massage, capacity=1)
    for name in ("thomas", "julie", "ines"):
        accept(people[name], massage)
    thomas, julie, ines = (login_as(people[n]) for n in ("thomas", "julie", "ines"))
    assert _tap(thomas, slot).status_code == 200
    full = _tap(julie, slot)
    assert full.status_code == 409
    assert "complet" in full.get_data(as_text=True)
    assert "Rejoindre la liste d'attente" in full.get_data(as_text=True)
    assert "liste d&#39;attente" in _tap(julie, slot, "attente").get_data(as_text=True)
    _tap(ines, slot, "attente")
    taken, states = _state(slot)
    assert taken == 1
    assert states == {
        people["thomas"].id: "confirmed",
        people["julie"].id: "waiting",
        people["ines"].id: "waiting",
    }
    assert services.waiting_positions(people["ines"], [slot.id]) == {slot.id: 2}
    assert _tap(thomas, slot, "desinscription").status_code == 200
    taken, states = _state(slot)
    assert taken == 1
    assert states[people["julie"].id] == "confirmed"  # first in line moved up
    assert states[people["thomas"].id] == "cancelled"
    assert states[people["ines"].id] == "waiting"
    note = db.session.scalar(select(Notification).where(Notification.person_id == people["julie"].id))
    assert note.kind == "slot.promoted"
    assert slot.waiting == 1


def test_sign_up_again_after_cancelling(login_as, people, massage):
    slot = make_slot(massage)
    accept(people["thomas"], massage)
    client = login_as(people["thomas"])
    _tap(client, slot)
    _tap(client, slot, "desinscription")
    _tap(client, slot)
    assert _state(slot) == (1, {people["thomas"].id: "confirmed"})


def test_twice_is_refused_without_double_counting(login_as, people, massage):
    slot = make_slot(massage)
    accept(people["thomas"], massage)
    client = login_as(people["thomas"])
    _tap(client, slot)
    again = client.post(f"/s/hematologie/planning/creneaux/{slot.id}/inscription")  # a stale page
    assert again.status_code in (303, 409)
    assert _state(slot) == (1, {people["thomas"].id: "confirmed"})


@pytest.mark.parametrize("state", ["cancelled", "frozen", "past"])
def test_closed_slots_refuse_sign_up(login_as, people, massage, state):
    if state == "past":
        slot = make_slot(massage, day=datetime.now(PARIS).date() - timedelta(days=1))
    else:
        slot = make_slot(massage, status=state)
    accept(people["thomas"], massage)
    response = _tap(login_as(people["thomas"]), slot)
    assert response.status_code == 409
    assert _state(slot) == (0, {})


def test_other_wards_slot_is_404(login_as, people, massage, make, other_ward):
    slot = make_slot(massage)
    assert _tap(login_as(people["outsider"]), slot).status_code == 403
    other_slot = make_slot(make.activity(other_ward, name="Yoga"))
    assert _tap(login_as(people["thomas"]), other_slot).status_code == 404


def test_emergency_stop_freezes_upcoming_slots_and_tells_those_signed_up(login_as, people, massage):
    slot = make_slot(massage)
    accept(people["thomas"], massage)
    _tap(login_as(people["thomas"]), slot)
    login_as(people["manager"]).post(f"/s/hematologie/activites/{massage.id}/arreter", {"reason": "Épidémie"})
    db.session.commit()
    db.session.refresh(slot)
    assert slot.status == "frozen"
    kinds = db.session.scalars(
        select(Notification.kind).where(Notification.person_id == people["thomas"].id)
    ).all()
    assert "activity.stopped" in kinds
    accept(people["julie"], massage)
    assert _tap(login_as(people["julie"]), slot).status_code == 409
    login_as(people["manager"]).post(f"/s/hematologie/activites/{massage.id}/reprendre")
    db.session.commit()
    db.session.refresh(slot)
    assert slot.status == "open"


# --- keeping slots -----------------------------------------------------------------------------------


def test_referent_creates_a_weekly_series(login_as, people, massage):
    client = login_as(people["referent"])
    day = next_week_day(2)
    response = client.post(
        "/s/hematologie/planning/creneaux/nouveau",
        {
            "activity_id": massage.id,
            "day": day.isoformat(),
            "start": "14:00",
            "end": "14:20",
            "place": "",
            "capacity": "2",
            "weekdays": ["2", "4"],
            "until": (day + timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 303
    slots = db.session.scalars(select(Slot).order_by(Slot.starts_at)).all()
    assert len(slots) == 6  # Tue and Thu over three weeks
    assert {s.place for s in slots} == {"Salle de pause"}
    assert all(s.series_id == slots[0].series_id for s in slots)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        # An end before the start is the next day (a night slot): here 23 h 40, too long.
        ({"start": "14:20", "end": "14:00"}, "Un créneau dure au plus 12 heures."),
        ({"start": "14:00", "end": "14:00"}, "L&#39;heure de fin doit venir après l&#39;heure de début."),
        ({"capacity": "0"}, "De 1 à 500 places."),
        ({"day": "2020-01-01"}, "déjà passé"),
        ({"weekdays": ["2"], "until": ""}, "jusqu&#39;à quand"),
        ({"day": "pas une date"}, "date valide"),
    ],
)
def test_bad_slot_input_is_422_and_keeps_input(login_as, people, massage, fields, message):
    data = {
        "activity_id": massage.id,
        "day": next_week_day(2).isoformat(),
        "start": "14:00",
        "end": "14:20",
        "capacity": "2",
        **fields,
    }
    response = login_as(people["referent"]).post("/s/hematologie/planning/creneaux/nouveau", data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Slot.id))) == 0


@pytest.mark.usefixtures("massage")
def test_members_cannot_plan(login_as, people):
    assert login_as(people["thomas"]).get("/s/hematologie/planning/creneaux/nouveau").status_code == 403


def test_move_tells_people_and_capacity_cannot_drop_below_taken(login_as, people, massage):
    slot = make_slot(massage, capacity=3)
    for name in ("thomas", "julie"):
        accept(people[name], massage)
        _tap(login_as(people[name]), slot)
    client = login_as(people["referent"])
    url = f"/s/hematologie/planning/creneaux/{slot.id}/modifier"
    base = {
        "day": next_week_day(3).isoformat(),
        "start": "15:00",
        "end": "15:20",
        "place": "Bureau",
        "scope": "this",
    }
    too_small = client.post(url, {**base, "capacity": "1"})
    assert too_small.status_code == 422
    assert "plus de personnes sont déjà inscrites" in too_small.get_data(as_text=True)
    moved = client.post(url, {**base, "capacity": "2", "message": "Salle prise mardi"})
    assert moved.status_code == 303
    db.session.commit()
    db.session.refresh(slot)
    assert slot.capacity == 2
    assert slot.place == "Bureau"
    texts = db.session.scalars(select(Notification.text).where(Notification.kind == "slot.moved")).all()
    assert len(texts) == 2
    assert "Salle prise mardi" in texts[0]


def test_cancel_slot_needs_a_message_and_tells_everyone(login_as, people, massage):
    slot = make_slot(massage)
    accept(people["thomas"], massage)
    _tap(login_as(people["thomas"]), slot)
    client = login_as(people["referent"])
    url = f"/s/hematologie/planning/creneaux/{slot.id}/annuler"
    assert client.post(url, {"message": ""}).status_code == 422
    assert client.post(url, {"message": "Référent absent"}).status_code == 303
    db.session.commit()
    db.session.refresh(slot)
    assert slot.status == "cancelled"
    note = db.session.scalar(select(Notification).where(Notification.kind == "slot.cancelled"))
    assert "Référent absent" in note.text


def test_roster_attendance_and_feedback(login_as, people, massage):
    slot = make_slot(massage)
    accept(people["thomas"], massage)
    _tap(login_as(people["thomas"]), slot)
    assert login_as(people["thomas"]).get(f"/s/hematologie/planning/creneaux/{slot.id}").status_code == 200
    referent = login_as(people["referent"])
    page = referent.get(f"/s/hematologie/planning/creneaux/{slot.id}").get_data(as_text=True)
    assert people["thomas"].display_name in page
    member_view = (
        login_as(people["julie"]).get(f"/s/hematologie/planning/creneaux/{slot.id}").get_data(as_text=True)
    )
    assert people["thomas"].display_name not in member_view  # who comes is for referents
    # The session took place.
    slot.starts_at, slot.ends_at = utcnow() - timedelta(hours=2), utcnow() - timedelta(hours=1)
    db.session.commit()
    assert (
        referent.post(
            f"/s/hematologie/planning/creneaux/{slot.id}/presences", {"present": [str(people["thomas"].id)]}
        ).status_code
        == 303
    )
    thomas = login_as(people["thomas"])
    assert thomas.post(f"/s/hematologie/planning/creneaux/{slot.id}/avis", {"rating": "9"}).status_code == 422
    assert (
        thomas.post(
            f"/s/hematologie/planning/creneaux/{slot.id}/avis", {"rating": "5", "comment": "Top"}
        ).status_code
        == 303
    )
    assert (
        login_as(people["julie"]).get(f"/s/hematologie/planning/creneaux/{slot.id}/avis").status_code == 403
    )
    summary = services.feedback_summary(massage)
    assert (summary.count, summary.average) == (1, 5.0)
    activity_page = (
        login_as(people["admin"]).get(f"/s/hematologie/activites/{massage.id}").get_data(as_text=True)
    )
    assert "5,0 / 5" in activity_page
    assert db.session.scalar(select(func.count(SlotFeedback.id))) == 1


def test_print_week_lists_names(login_as, people, massage):
    slot = make_slot(massage)
    accept(people["thomas"], massage)
    _tap(login_as(people["thomas"]), slot)
    week = services.week_label(services.this_monday(next_week_day(1)))
    page = (
        login_as(people["julie"])
        .get(f"/s/hematologie/planning/imprimer?semaine={week}")
        .get_data(as_text=True)
    )
    assert "Hématologie – Soins intensifs" in page
    assert "Thomas R." in page
    assert "print-week.css" in page


def test_week_fragment_query_count_is_fixed_too(login_as, people, massage, make, ward):
    other = make.activity(ward, name="Sophrologie")
    client = login_as(people["thomas"])
    week = services.week_label(services.this_monday(next_week_day(1)))
    make_slot(massage)
    with count_queries() as few:
        client.get(f"/s/hematologie/planning/?semaine={week}", htmx=True)
    for n in range(20):
        make_slot(other if n % 2 else massage, start=time(6 + n % 14, 0), day=next_week_day(1 + n % 7))
    with count_queries() as many:
        client.get(f"/s/hematologie/planning/?semaine={week}", htmx=True)
    assert len(few) == len(many)
    assert len(many) <= 9  # + the ward's shifts (the slots' shift tags and the filter)
