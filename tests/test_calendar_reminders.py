"""My sign-ups feed reminds a subscribed phone (VALARM) and tells waiting from confirmed;
the subscription page offers webcal:// and a copy button, and warns only who has links."""

from datetime import datetime, time, timedelta

import vobject

from app.core.timefmt import PARIS, paris_to_utc, utcnow
from app.extensions import db
from app.models import Activity, SignUp, Slot


def _slot(ward, activity, days: int, **fields) -> Slot:
    start = paris_to_utc(datetime.combine(datetime.now(PARIS).date() + timedelta(days=days), time(14, 0)))
    slot = Slot(
        ward_id=ward.id,
        activity_id=activity.id,
        starts_at=start,
        ends_at=start + timedelta(minutes=20),
        capacity=3,
        **fields,
    )
    db.session.add(slot)
    db.session.flush()
    return slot


def _links(http) -> dict:
    page = http.post("/s/hematologie/agenda/abonnement").get_data(as_text=True)
    mine = page.split('id="lien-mes" class="copy-field" type="text" readonly value="')[1].split('"')[0]
    return {"page": page, "mine": mine.replace("http://localhost", "")}


def test_my_feed_has_an_alarm_on_confirmed_slots_and_waiting_is_tentative(make, login_as):
    ward = make.ward("hematologie", "Hématologie")
    julie = make.person(ward=ward, first_name="Julie")
    yoga = Activity(ward_id=ward.id, name="Yoga", status="active")
    db.session.add(yoga)
    db.session.flush()
    confirmed = _slot(ward, yoga, 1, taken=1)
    waiting = _slot(ward, yoga, 2, taken=3, waiting=1)
    left = _slot(ward, yoga, 3)
    cancelled = _slot(ward, yoga, 4, status="cancelled", taken=1)
    db.session.add_all(
        [
            SignUp(slot_id=confirmed.id, person_id=julie.id, status="confirmed"),
            SignUp(slot_id=waiting.id, person_id=julie.id, status="waiting", waiting_since=utcnow()),
            SignUp(slot_id=left.id, person_id=julie.id, status="cancelled", cancelled_at=utcnow()),
            SignUp(slot_id=cancelled.id, person_id=julie.id, status="confirmed"),
        ]
    )
    db.session.commit()
    http = login_as(julie)
    body = http.get(_links(http)["mine"]).get_data(as_text=True)

    calendar = vobject.readOne(body)  # an independent parser
    by_start = {event.dtstart.value.date(): event for event in calendar.vevent_list}
    assert len(by_start) == 4

    offsets = {confirmed.id: 1, waiting.id: 2, left.id: 3, cancelled.id: 4}

    def day(slot):
        return datetime.now(PARIS).date() + timedelta(days=offsets[slot.id])

    ok = by_start[day(confirmed)]
    assert ok.status.value == "CONFIRMED"
    alarms = ok.contents.get("valarm", [])
    assert len(alarms) == 1
    assert alarms[0].action.value == "DISPLAY"
    assert alarms[0].trigger.value == timedelta(minutes=-30)
    assert "Yoga" in alarms[0].description.value

    tentative = by_start[day(waiting)]
    assert tentative.status.value == "TENTATIVE"
    assert "valarm" not in tentative.contents
    for gone in (left, cancelled):
        event = by_start[day(gone)]
        assert event.status.value == "CANCELLED"
        assert "valarm" not in event.contents
    assert "TRIGGER:-PT30M" in body


def test_subscription_page_warns_only_who_already_has_links(make, login_as):
    ward = make.ward("hematologie", "Hématologie")
    julie = make.person(ward=ward)
    http = login_as(julie)
    first = http.get("/s/hematologie/agenda/abonnement").get_data(as_text=True)
    assert "Créer mes liens" in first
    assert "remplac" not in first.lower()
    assert "data-confirm" not in first

    created = _links(http)["page"]
    assert "Vos liens sont créés." in created
    assert 'href="webcal://localhost/calendrier/' in created
    assert 'data-copy="#lien-mes"' in created and 'data-copy="#lien-service"' in created
    assert "<script>" not in created and "onclick" not in created

    again = http.get("/s/hematologie/agenda/abonnement").get_data(as_text=True)
    assert "Remplacer mes liens" in again
    assert "data-confirm" in again
    assert "webcal://" not in again  # secrets are shown once only
    replaced = http.post("/s/hematologie/agenda/abonnement").get_data(as_text=True)
    assert "les anciens ne fonctionnent plus" in replaced
