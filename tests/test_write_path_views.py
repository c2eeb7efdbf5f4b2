"""Every writing view of the planner, the activities and the agenda writes through
`app.core.writes.write`: on SQLite each INSERT, UPDATE or DELETE a request makes runs in a
transaction opened with BEGIN IMMEDIATE (only write() asks for it), and the request commits
once. (Event reports, hides and comments belong to the moderation and discussion work.)"""

import threading
from contextlib import contextmanager
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import event, select

from app.core.timefmt import PARIS, paris_to_utc
from app.extensions import db
from app.models import Activity, DatePoll, Event, MissionOrder, SignUp, Slot, SlotFeedback

WRITES = ("INSERT", "UPDATE", "DELETE")


@contextmanager
def writes_outside_the_write_path():
    """The writing statements run outside a BEGIN IMMEDIATE, and the commits, in the block."""
    found, commits = [], []
    immediate = {}
    me = threading.get_ident()

    def before(conn, _cursor, statement, *_args):
        if threading.get_ident() != me:
            return
        head = statement.lstrip().upper()
        key = id(conn.connection.dbapi_connection)
        if head.startswith("BEGIN"):
            immediate[key] = head.startswith("BEGIN IMMEDIATE")
        elif head.startswith(WRITES) and not immediate.get(key):
            found.append(statement.split("\n")[0][:80])

    def on_commit(conn):
        if threading.get_ident() == me:
            commits.append(immediate.get(id(conn.connection.dbapi_connection)))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "commit", on_commit)
    try:
        yield found, commits
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "commit", on_commit)


@pytest.fixture
def scene(make, login_as):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("BEGIN IMMEDIATE is SQLite's; MariaDB runs the same views in the other test files")
    ward = make.ward("hematologie")
    manager = make.person(ward=ward, role="manager")
    member = make.person(ward=ward)
    activity = Activity(
        ward_id=ward.id,
        name="Marche",
        status="active",
        place="Parc",
        outside_workplace=True,
        proposer_id=member.id,
    )
    db.session.add(activity)
    db.session.commit()
    return ward, manager, member, activity, login_as(manager), login_as(member)


def _slot(activity, *, days: int, **fields) -> Slot:
    starts_at = paris_to_utc(datetime.combine(datetime.now(PARIS).date() + timedelta(days=days), time(14)))
    slot = Slot(
        ward_id=activity.ward_id,
        activity_id=activity.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=20),
        capacity=4,
        **fields,
    )
    db.session.add(slot)
    db.session.commit()
    return slot


def _post(client, url, data=None, expected=303):
    db.session.commit()  # what the test set up is committed before the request is watched
    with writes_outside_the_write_path() as (found, commits):
        response = client.post(url, data or {})
    assert response.status_code == expected, (url, response.status_code)
    assert found == [], (url, found)
    # The writes were committed once, by write() (a refused request may commit nothing).
    assert commits.count(True) == 1, (url, commits)
    return response


def test_planner_views_write_through_the_write_path(scene):
    _ward, _manager, member, activity, manager_client, member_client = scene
    day = (datetime.now(PARIS).date() + timedelta(days=3)).isoformat()
    base = "/s/hematologie/planning/creneaux"
    _post(
        manager_client,
        f"{base}/nouveau",
        {"activity_id": activity.id, "day": day, "start": "14:00", "end": "14:20", "capacity": "4"},
    )
    slot = db.session.scalar(select(Slot).where(Slot.activity_id == activity.id))
    _post(
        manager_client,
        f"{base}/{slot.id}/modifier",
        {"day": day, "start": "15:00", "end": "15:20", "capacity": "5", "scope": "this"},
    )
    _post(manager_client, f"{base}/{slot.id}/annuler", {"message": "Pluie"})
    assert db.session.get(Slot, slot.id).status == "cancelled"
    past = _slot(activity, days=-1)
    db.session.add(SignUp(slot_id=past.id, person_id=member.id, status="confirmed"))
    past.taken = 1
    _post(manager_client, f"{base}/{past.id}/presences", {"present": [str(member.id)]})
    _post(member_client, f"{base}/{past.id}/avis", {"rating": "5", "comment": "Bien"})
    assert db.session.scalar(select(SlotFeedback.rating)) == 5


def test_activity_views_write_through_the_write_path(scene):
    _ward, _manager, member, activity, manager_client, member_client = scene
    _post(member_client, "/s/hematologie/activites/proposer", {"name": "Yoga du midi"})
    draft = db.session.scalar(select(Activity).where(Activity.name == "Yoga du midi"))
    _post(
        member_client,
        f"/s/hematologie/activites/{draft.id}/proposition/2",
        {"duration_minutes": "10", "target_break": "day_14h"},
    )
    _post(member_client, f"/s/hematologie/activites/{draft.id}/proposition/5", {})
    _post(manager_client, f"/s/hematologie/activites/{activity.id}/referents", {"person_id": member.id})
    _post(manager_client, f"/s/hematologie/activites/{activity.id}/referents/{member.id}/retirer")
    soon = (datetime.now(PARIS) + timedelta(days=5)).strftime("%Y-%m-%d")
    _post(
        manager_client,
        f"/s/hematologie/activites/{activity.id}/ordre-de-mission",
        {"starts_at": f"{soon}T09:00", "ends_at": f"{soon}T12:00", "purpose": "Sortie au parc"},
    )
    assert db.session.scalar(select(MissionOrder.purpose)) == "Sortie au parc"


def test_agenda_views_write_through_the_write_path(scene):
    _ward, _manager, _member, _activity, manager_client, member_client = scene
    day = (datetime.now(PARIS).date() + timedelta(days=4)).isoformat()
    base = "/s/hematologie/agenda"
    fields = {"title": "Pot de départ", "kind": "other", "day": day, "start": "16:00", "end": "17:00"}
    _post(member_client, f"{base}/evenements/nouveau", fields)
    item = db.session.scalar(select(Event))
    _post(member_client, f"{base}/evenements/{item.id}/modifier", {**fields, "title": "Pot"})
    _post(member_client, f"{base}/evenements/{item.id}/annuler")
    _post(member_client, f"{base}/abonnement", expected=200)
    other = (datetime.now(PARIS).date() + timedelta(days=6)).isoformat()
    _post(member_client, f"{base}/sondages/nouveau", {"title": "Repas", "jour-1": day, "jour-2": other})
    poll = db.session.scalar(select(DatePoll))
    first = poll.options[0]
    _post(manager_client, f"{base}/sondages/{poll.id}/repondre", {f"option-{first.id}": "yes"})
    _post(member_client, f"{base}/sondages/{poll.id}/clore", {"option_id": first.id})
    assert db.session.scalar(select(DatePoll.closed_at)) is not None
