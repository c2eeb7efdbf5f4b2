"""The waiting list keeps a strict order, and nothing changes in a frozen slot except by
resume: in one process, service by service and through the views (both engines)."""

import os
from datetime import datetime, time, timedelta

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from app import create_app
from app.activities import services as activity_services
from app.activities.signals import activity_archived, activity_resumed, activity_stopped
from app.config import TestConfig
from app.core.errors import DomainError
from app.core.timefmt import PARIS, paris_to_utc, utcnow
from app.demo import seed_demo
from app.extensions import db
from app.models import Activity, CharterSignature, Notification, SignUp, Slot
from app.planner import services
from tests.conftest import _mariadb_database
from tests.factories import Factory


def _activity(ward, **fields) -> Activity:
    activity = Activity(ward_id=ward.id, name="Massage minute", status="active", **fields)
    db.session.add(activity)
    db.session.commit()
    return activity


def _slot(activity, *, capacity=1, days=2, **fields) -> Slot:
    starts_at = paris_to_utc(datetime.combine(datetime.now(PARIS).date() + timedelta(days=days), time(14)))
    slot = Slot(
        ward_id=activity.ward_id,
        activity_id=activity.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=20),
        capacity=capacity,
        **fields,
    )
    db.session.add(slot)
    db.session.commit()
    return slot


@pytest.fixture
def scene(make):
    ward = make.ward("hematologie")
    activity = _activity(ward)
    people = [make.person(ward=ward) for _ in range(4)]
    manager = make.person(ward=ward, role="manager")
    return ward, activity, people, manager


def _run(work):
    value = work()
    db.session.commit()
    return value


def _states(slot) -> dict[int, str]:
    db.session.expire_all()
    rows = db.session.scalars(select(SignUp).where(SignUp.slot_id == slot.id)).all()
    return {row.person_id: row.status for row in rows}


def _promoted_notes() -> list[int]:
    return db.session.scalars(
        select(Notification.person_id).where(Notification.kind == "slot.promoted")
    ).all()


def test_numbers_follow_the_joins_and_ranks_are_counted(scene):
    _ward, activity, people, _manager = scene
    slot = _slot(activity)
    holder, a, b, c = people
    _run(lambda: services.sign_up(slot.id, by=holder))
    for person in (a, b, c):
        assert _run(lambda person=person: services.join_waiting_list(slot.id, by=person)) == "waiting"
    assert [services.waiting_positions(p, [slot.id])[slot.id] for p in (a, b, c)] == [1, 2, 3]
    _run(lambda: services.cancel_sign_up(slot.id, by=b))
    assert [services.waiting_positions(p, [slot.id])[slot.id] for p in (a, c)] == [1, 2]
    assert services.waiting_positions(b, [slot.id]) == {}
    _run(lambda: services.join_waiting_list(slot.id, by=b))
    db.session.refresh(slot)
    assert slot.waiting_seq == 4  # a number is never given twice
    assert services.waiting_positions(b, [slot.id]) == {slot.id: 3}
    _confirmed, waiting = services.roster(slot)
    assert [row.person_id for row in waiting] == [a.id, c.id, b.id]


def test_a_refused_join_gives_its_number_back(scene):
    _ward, activity, people, _manager = scene
    slot = _slot(activity)
    holder, a, _b, _c = people
    _run(lambda: services.sign_up(slot.id, by=holder))
    _run(lambda: services.join_waiting_list(slot.id, by=a))
    with pytest.raises(DomainError):
        services.join_waiting_list(slot.id, by=a)  # already waiting: the whole unit rolls back
    db.session.rollback()
    db.session.refresh(slot)
    assert (slot.waiting, slot.waiting_seq) == (1, 1)


@pytest.mark.parametrize("state", ["frozen", "cancelled"])
def test_cancelling_in_a_closed_slot_gives_the_place_back_without_promoting(scene, state):
    _ward, activity, people, _manager = scene
    slot = _slot(activity)
    holder, a, _b, _c = people
    _run(lambda: services.sign_up(slot.id, by=holder))
    _run(lambda: services.join_waiting_list(slot.id, by=a))
    db.session.execute(text("UPDATE slot SET status = :s WHERE id = :id"), {"s": state, "id": slot.id})
    db.session.commit()
    assert _run(lambda: services.cancel_sign_up(slot.id, by=holder)) is None
    db.session.refresh(slot)
    assert (slot.status, slot.taken, slot.waiting) == (state, 0, 1)
    assert _states(slot) == {holder.id: "cancelled", a.id: "waiting"}
    assert _promoted_notes() == []


def test_resume_fills_free_places_in_order_and_only_in_open_slots(scene):
    _ward, activity, people, manager = scene
    slot = _slot(activity, capacity=2)
    holder, other, a, b = people
    _run(lambda: services.sign_up(slot.id, by=holder))
    _run(lambda: services.sign_up(slot.id, by=other))
    _run(lambda: services.join_waiting_list(slot.id, by=a))
    _run(lambda: services.join_waiting_list(slot.id, by=b))
    _run(lambda: activity_services.emergency_stop(activity, by=manager, justification="Épidémie"))
    _run(lambda: services.cancel_sign_up(slot.id, by=holder))
    _run(lambda: services.cancel_sign_up(slot.id, by=other))
    assert _promoted_notes() == []
    _run(lambda: activity_services.resume(activity, by=manager))
    db.session.refresh(slot)
    assert (slot.status, slot.taken, slot.waiting) == ("open", 2, 0)
    assert _states(slot) == {
        holder.id: "cancelled",
        other.id: "cancelled",
        a.id: "confirmed",
        b.id: "confirmed",
    }
    assert sorted(_promoted_notes()) == sorted([a.id, b.id])


def test_raising_the_capacity_moves_those_waiting_up_in_order(scene, make):
    ward, activity, people, _manager = scene
    admin = make.person(ward=ward, role="admin")
    slot = _slot(activity, capacity=1)
    holder, a, b, c = people
    _run(lambda: services.sign_up(slot.id, by=holder))
    for person in (a, b, c):
        _run(lambda person=person: services.join_waiting_list(slot.id, by=person))
    paris = datetime.combine(datetime.now(PARIS).date() + timedelta(days=2), time(14))
    _run(
        lambda: services.move_slot(
            slot, by=admin, day=paris.date(), start=time(14), end=time(14, 20), place="", capacity=3
        )
    )
    db.session.refresh(slot)
    assert (slot.taken, slot.waiting) == (3, 1)
    assert _states(slot) == {holder.id: "confirmed", a.id: "confirmed", b.id: "confirmed", c.id: "waiting"}


def test_archiving_an_active_activity_freezes_its_upcoming_slots(scene, login_as):
    _ward, activity, people, manager = scene
    slot = _slot(activity, capacity=3)
    db.session.add(
        CharterSignature(
            person_id=people[0].id,
            activity_id=activity.id,
            version=1,
            text_sha256="0" * 64,
            shown_at=utcnow(),
        )
    )
    db.session.commit()
    response = login_as(manager).post(f"/s/hematologie/activites/{activity.id}/archiver", {"reason": "Fin"})
    assert response.status_code == 303
    db.session.refresh(slot)
    assert slot.status == "frozen"
    # A sign-up that passed the page's checks before the archive still cannot get in.
    assert _run(lambda: services.sign_up(slot.id, by=people[0])) == "full"
    with pytest.raises(DomainError):
        services.join_waiting_list(slot.id, by=people[0])
    db.session.rollback()
    db.session.refresh(slot)
    assert (slot.taken, slot.waiting) == (0, 0)


def test_the_planner_listens_once_and_in_the_same_transaction(scene):
    _ward, activity, _people, manager = scene
    slot = _slot(activity)
    for signal in (activity_stopped, activity_resumed, activity_archived):
        assert len(signal.receivers) == 1
    calls = []

    def broken(_activity, **_kw):
        calls.append(1)
        raise RuntimeError("a listener failed")

    activity_stopped.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            activity_services.emergency_stop(activity, by=manager, justification="Épidémie")
        db.session.rollback()
    finally:
        activity_stopped.disconnect(broken)
    db.session.refresh(slot)
    db.session.refresh(activity)
    assert calls == [1]
    assert (activity.status, slot.status) == ("active", "open")  # nothing of the stop remains


def test_the_migration_numbers_those_already_waiting(tmp_path):
    """0012 backfills the numbers from the order used before (waiting since, then id)."""
    base = os.environ.get("TEST_MARIADB_URL")
    if base:
        url, drop = _mariadb_database(base)
    else:
        url, drop = f"sqlite:///{tmp_path / 'backfill.sqlite'}", (lambda: None)

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    fresh = create_app(Config)
    try:
        with fresh.app_context():
            upgrade(revision="heads")
            make = Factory()
            ward = make.ward("hematologie")
            activity = _activity(ward)
            slot, other = _slot(activity), _slot(activity, days=3)
            people = [make.person(ward=ward) for _ in range(4)]
            same_second = utcnow().replace(microsecond=0)
            rows = [
                (slot, people[0], "confirmed", None),
                (slot, people[2], "waiting", same_second),
                (slot, people[1], "waiting", same_second),  # same second: the row id decides
                (slot, people[3], "waiting", same_second - timedelta(seconds=1)),
                (other, people[0], "cancelled", None),
            ]
            db.session.add_all(
                SignUp(slot_id=s.id, person_id=p.id, status=st, waiting_since=since)
                for s, p, st, since in rows
            )
            db.session.commit()
            ids = {p.id: n for n, p in enumerate(people)}
            slot_id, other_id = slot.id, other.id
            db.session.remove()
            downgrade(revision="0010")
            upgrade(revision="heads")
            numbers = db.session.execute(
                text("SELECT person_id, waiting_seq FROM sign_up WHERE slot_id = :id ORDER BY waiting_seq"),
                {"id": slot_id},
            ).all()
            counters = dict(db.session.execute(text("SELECT id, waiting_seq FROM slot")).all())
            db.session.remove()
            db.engine.dispose()
        waiting = [(ids[person], seq) for person, seq in numbers if seq is not None]
        assert waiting == [(3, 1), (2, 2), (1, 3)]
        assert counters == {slot_id: 3, other_id: 0}
    finally:
        drop()


def test_the_demo_waiting_lists_are_numbered():
    seed_demo()
    db.session.commit()
    waiting = db.session.scalars(select(SignUp).where(SignUp.status == "waiting")).all()
    assert waiting
    for row in waiting:
        slot = db.session.get(Slot, row.slot_id)
        assert row.waiting_seq is not None
        assert row.waiting_seq <= slot.waiting_seq
        assert services.waiting_positions(row.person, [slot.id]) == {slot.id: row.waiting_seq}
