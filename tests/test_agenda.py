"""The shared agenda: month and week views, events watched after the fact, calendar feeds
(checked with vobject, an iCalendar parser independent of the library that writes them),
find-a-date polls."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from sqlalchemy import func, select

from app.agenda import services
from app.core.timefmt import PARIS
from app.extensions import db
from app.models import DatePoll, Event, Notification
from tests.conftest import count_queries


def soon(days=3) -> date:
    return datetime.now(PARIS).date() + timedelta(days=days)


EVENT = {
    "title": "Réunion du groupe",
    "kind": "meeting",
    "start": "14:30",
    "end": "15:15",
    "place": "Salle 3",
}


def _add(client, **fields):
    return client.post(
        "/s/hematologie/agenda/evenements/nouveau", {**EVENT, "day": soon().isoformat(), **fields}
    )


@pytest.mark.usefixtures("ward")
def test_month_and_week_views_with_htmx(login_as, people):
    client = login_as(people["thomas"])
    assert _add(client).status_code == 303
    month = f"{soon().year}-{soon().month:02d}"
    page = client.get(f"/s/hematologie/agenda/?mois={month}").get_data(as_text=True)
    assert "Réunion du groupe" in page
    fragment = client.get(f"/s/hematologie/agenda/?mois={month}", htmx=True)
    assert fragment.get_data(as_text=True).startswith('<div id="agenda-vue">')
    assert "HX-Request" in fragment.headers["Vary"]
    week = client.get(
        f"/s/hematologie/agenda/semaine?semaine={soon().isocalendar()[0]}-W{soon().isocalendar()[1]:02d}"
    )
    assert "Réunion du groupe" in week.get_data(as_text=True)
    bad = client.get("/s/hematologie/agenda/?mois=2026-13")
    assert bad.status_code == 200
    assert "Ce mois n&#39;existe pas" in bad.get_data(as_text=True)


def test_month_shows_slots_of_active_activities_and_query_count_is_fixed(login_as, people, ward, make):
    client = login_as(people["thomas"])
    activity = make.activity(ward)
    month = f"{soon().year}-{soon().month:02d}"
    with count_queries() as few:
        client.get(f"/s/hematologie/agenda/?mois={month}")
    for n in range(25):
        make.slot(activity, day=soon(n % 20), start=time(8 + n % 8, 0), capacity=3)
        _add(client, title=f"Événement {n}", day=soon(n % 20).isoformat())
    db.session.commit()
    with count_queries() as many:
        page = client.get(f"/s/hematologie/agenda/?mois={month}").get_data(as_text=True)
    assert "Massage minute" in page
    assert len(few) == len(many)
    assert len(many) <= 12


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start": "15:00", "end": "14:00"}, "La fin doit venir après le début."),
        ({"end_day": (soon(3) + timedelta(days=9)).isoformat()}, "au plus 5 jours"),
        ({"day": "2019-01-01"}, "entre l&#39;an dernier et les deux ans à venir"),
        ({"day": "2031-01-01"}, "entre l&#39;an dernier et les deux ans à venir"),
        ({"kind": "rave"}, "N&#39;est pas un choix valide."),
        ({"title": ""}, "Donnez un titre"),
        ({"start": "", "end": ""}, "Indiquez l&#39;heure de début et de fin"),
    ],
)
def test_bad_event_input_is_422_and_keeps_input(login_as, people, fields, message):
    response = _add(login_as(people["thomas"]), **fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert 'value="Salle 3"' in page
    assert db.session.scalar(select(func.count(Event.id))) == 0


def test_all_day_event(login_as, people):
    _add(login_as(people["thomas"]), all_day="y", start="", end="")
    event = db.session.scalar(select(Event))
    assert event.all_day
    assert event.ends_at - event.starts_at == timedelta(days=1)


def test_author_and_admins_edit_others_cannot(login_as, people):
    _add(login_as(people["thomas"]))
    event = db.session.scalar(select(Event))
    url = f"/s/hematologie/agenda/evenements/{event.id}"
    assert login_as(people["julie"]).get(f"{url}/modifier").status_code == 403
    assert login_as(people["julie"]).post(f"{url}/annuler").status_code == 403
    edited = login_as(people["admin"]).post(
        f"{url}/modifier", {**EVENT, "title": "Réunion déplacée", "day": soon(4).isoformat()}
    )
    assert edited.status_code == 303
    assert login_as(people["thomas"]).post(f"{url}/annuler").status_code == 303
    db.session.commit()
    db.session.refresh(event)
    assert (event.title, event.cancelled, event.sequence) == ("Réunion déplacée", True, 2)


def test_report_then_hide_from_the_moderation_queue(login_as, people):
    _add(login_as(people["thomas"]))
    event = db.session.scalar(select(Event))
    url = f"/s/hematologie/agenda/evenements/{event.id}"
    login_as(people["julie"]).post(
        f"/s/hematologie/signaler/evenement/{event.id}", {"reason": "Propos déplacés"}
    )
    admin = login_as(people["admin"])
    assert "Réunion du groupe" in admin.get("/s/hematologie/admin/moderation").get_data(as_text=True)
    hide = f"/s/hematologie/admin/moderation/evenement/{event.id}/masquer"
    assert login_as(people["julie"]).post(hide, {"reason": "respect"}).status_code == 403
    admin.post(hide, {"reason": "offtopic"})
    db.session.commit()
    db.session.refresh(event)
    assert event.hidden
    assert login_as(people["julie"]).get(url).status_code == 404
    assert "moderation.hidden" in db.session.scalars(select(Notification.kind)).all()


def test_event_ics_download(login_as, people):
    _add(login_as(people["thomas"]))
    event = db.session.scalar(select(Event))
    response = login_as(people["julie"]).get(f"/s/hematologie/agenda/evenements/{event.id}/ics")
    assert response.mimetype == "text/calendar"
    raw = response.get_data(as_text=True)
    vevent = vobject.readOne(raw).vevent
    assert vevent.summary.value == "Réunion du groupe"
    assert (vevent.dtstart.value.hour, vevent.dtstart.value.minute) == (14, 30)
    day = soon().strftime("%Y%m%d")
    assert re.search(rf"^DTSTART;TZID=Europe/Paris:{day}T143000\r?$", raw, re.MULTILINE), raw


def _token(client) -> tuple[str, str]:
    page = client.post("/s/hematologie/agenda/abonnement").get_data(as_text=True)
    ward_url = page.split('id="lien-service" class="copy-field" type="text" readonly value="')[1].split('"')[
        0
    ]
    mine_url = page.split('id="lien-mes" class="copy-field" type="text" readonly value="')[1].split('"')[0]
    return ward_url.replace("http://localhost", ""), mine_url.replace("http://localhost", "")


def test_calendar_feeds_with_a_secret_token(app, login_as, people, ward, make):
    client = login_as(people["thomas"])
    _add(client)
    slot = make.slot(make.activity(ward), day=soon(1))
    make.sign_up(slot, people["thomas"])
    ward_url, mine_url = _token(client)
    anonymous = app.test_client()  # a phone subscribing: no session at all
    feed = anonymous.get(ward_url)
    assert feed.status_code == 200
    assert feed.mimetype == "text/calendar"
    calendar = vobject.readOne(feed.get_data(as_text=True))
    summaries = {v.summary.value: v for v in calendar.vevent_list}
    assert {"Réunion du groupe", "Massage minute"} <= set(summaries)
    massage = summaries["Massage minute"].dtstart.value
    assert (massage.hour, massage.minute) == (14, 0)  # local Paris time, with its zone
    paris = ZoneInfo("Europe/Paris")
    assert massage.utcoffset() == datetime.combine(soon(1), time(14, 0), tzinfo=paris).utcoffset()
    uid = summaries["Réunion du groupe"].uid.value
    assert vobject.readOne(anonymous.get(ward_url).get_data(as_text=True)).vevent.uid.value in {
        uid,
        f"creneau-{slot.id}@anime-ton-chu",
    }
    mine = vobject.readOne(anonymous.get(mine_url).get_data(as_text=True))
    assert [v.summary.value for v in mine.vevent_list] == ["Massage minute"]
    # Cancelled items stay, marked cancelled.
    event = db.session.scalar(select(Event))
    client.post(f"/s/hematologie/agenda/evenements/{event.id}/annuler")
    again = vobject.readOne(anonymous.get(ward_url).get_data(as_text=True))
    statuses = {v.summary.value: v.status.value for v in again.vevent_list}
    assert statuses["Réunion du groupe"] == "CANCELLED"
    # A new token revokes the old links; a wrong token gives nothing.
    new_ward_url, _new_mine = _token(client)
    assert anonymous.get(ward_url).status_code == 404
    assert anonymous.get(new_ward_url).status_code == 200
    assert anonymous.get("/calendrier/pas-le-bon/mes-inscriptions.ics").status_code == 404
    outsider_ward_url = new_ward_url.replace("/hematologie.ics", "/oncologie.ics")
    assert anonymous.get(outsider_ward_url).status_code == 404  # not a member of that ward


def test_find_a_date_poll_ends_in_an_event(login_as, people):
    organiser, julie = login_as(people["admin"]), login_as(people["thomas"])
    bad = organiser.post(
        "/s/hematologie/agenda/sondages/nouveau", {"title": "Soirée", "jour-1": soon(10).isoformat()}
    )
    assert bad.status_code == 422
    assert "au moins deux dates" in bad.get_data(as_text=True)
    data = {
        "title": "Soirée du groupe",
        "jour-1": soon(10).isoformat(),
        "debut-1": "19:00",
        "fin-1": "22:00",
        "jour-2": soon(11).isoformat(),
        "debut-2": "19:00",
        "fin-2": "22:00",
    }
    assert organiser.post("/s/hematologie/agenda/sondages/nouveau", data).status_code == 303
    poll = db.session.scalar(select(DatePoll))
    first, second = poll.options
    julie.post(
        f"/s/hematologie/agenda/sondages/{poll.id}/repondre",
        {f"option-{first.id}": "no", f"option-{second.id}": "yes"},
    )
    julie.post(
        f"/s/hematologie/agenda/sondages/{poll.id}/repondre",
        {f"option-{first.id}": "maybe", f"option-{second.id}": "yes"},
    )
    counts = services.poll_with_answers(poll)["counts"]
    assert counts[first.id] == {"yes": 0, "maybe": 1, "no": 0}  # the answer changed, not doubled
    assert (
        julie.post(f"/s/hematologie/agenda/sondages/{poll.id}/clore", {"option_id": second.id}).status_code
        == 403
    )
    assert (
        organiser.post(
            f"/s/hematologie/agenda/sondages/{poll.id}/clore", {"option_id": second.id}
        ).status_code
        == 303
    )
    event = db.session.scalar(select(Event))
    assert event.title == "Soirée du groupe"
    assert event.starts_at == second.starts_at
    assert (
        "poll.closed"
        in db.session.scalars(
            select(Notification.kind).where(Notification.person_id == people["thomas"].id)
        ).all()
    )
    late = julie.post(f"/s/hematologie/agenda/sondages/{poll.id}/repondre", {f"option-{first.id}": "yes"})
    assert late.status_code == 303
    assert services.poll_with_answers(poll)["counts"][first.id]["yes"] == 0  # closed: nothing changed


def test_print_views(login_as, people):
    client = login_as(people["thomas"])
    _add(client)
    month = client.get(f"/s/hematologie/agenda/imprimer?mois={soon().year}-{soon().month:02d}").get_data(
        as_text=True
    )
    assert "Réunion du groupe" in month
    assert "print-week.css" in month
    iso = soon().isocalendar()
    week = client.get(f"/s/hematologie/agenda/semaine/imprimer?semaine={iso[0]}-W{iso[1]:02d}").get_data(
        as_text=True
    )
    assert "Réunion du groupe" in week


def test_other_wards_event_is_404(login_as, people):
    client = login_as(people["outsider"])
    client.post("/s/oncologie/agenda/evenements/nouveau", {**EVENT, "day": soon().isoformat()})
    event = db.session.scalar(select(Event))
    assert event is not None
    assert login_as(people["admin"]).get(f"/s/hematologie/agenda/evenements/{event.id}").status_code == 404
