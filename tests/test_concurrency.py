"""Never more people than places: many simultaneous sign-ups, through threads and through
separate processes, on SQLite and on MariaDB (TEST_MARIADB_URL). Exactly `capacity` confirmed,
`taken` equal to the confirmed rows, the others told "complet", never a 5xx."""

import multiprocessing
import threading
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app import create_app
from app.activities.signals import activity_stopped
from app.config import TestConfig
from app.core.timefmt import PARIS, paris_to_utc, utcnow
from app.extensions import db
from app.models import Activity, CharterSignature, Person, SignUp, Slot
from app.planner import services as planner_services
from tests.conftest import Client, login


def _scene(make, people_count: int, capacity: int):
    ward = make.ward("hematologie")
    activity = Activity(
        ward_id=ward.id, name="Massage minute", status="active", responsibility_charter="Charte"
    )
    db.session.add(activity)
    db.session.flush()
    day = datetime.now(PARIS).date() + timedelta(days=2)
    starts_at = paris_to_utc(datetime.combine(day, time(14, 0)))
    slot = Slot(
        ward_id=ward.id,
        activity_id=activity.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=20),
        capacity=capacity,
    )
    db.session.add(slot)
    db.session.commit()
    people = [make.person(ward=ward) for _ in range(people_count)]
    db.session.add_all(
        CharterSignature(
            person_id=p.id, activity_id=activity.id, version=1, text_sha256="0" * 64, shown_at=utcnow()
        )
        for p in people
    )
    db.session.commit()
    return ward, activity, slot, people


def _fire(app, people, slot_id: int, *, extra=None) -> list[tuple[int, datetime]]:
    """Every person taps "S'inscrire" at the same moment; returns (status, UTC start time)."""
    clients = [login(Client(app.test_client()), person) for person in people]
    tokens = [c.csrf_token() for c in clients]
    barrier = threading.Barrier(len(clients) + (1 if extra else 0))
    results = [None] * len(clients)

    def tap(index):
        with app.app_context():
            barrier.wait()
            started = utcnow()
            response = clients[index].post(
                f"/s/hematologie/planning/creneaux/{slot_id}/inscription",
                {"csrf_token": tokens[index]},
                htmx=True,
            )
        results[index] = (response.status_code, started)

    threads = [threading.Thread(target=tap, args=(i,)) for i in range(len(clients))]
    if extra:
        threads.append(threading.Thread(target=extra, args=(barrier,)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _check(slot: Slot, capacity: int, statuses: list[int]) -> None:
    db.session.commit()
    db.session.refresh(slot)
    confirmed = db.session.scalar(
        select(func.count(SignUp.id)).where(SignUp.slot_id == slot.id, SignUp.status == "confirmed")
    )
    assert confirmed == capacity
    assert slot.taken == capacity
    assert statuses.count(200) == capacity
    assert set(statuses) <= {200, 409}  # the others are told "complet"; never a 5xx


@pytest.mark.parametrize(("people_count", "capacity"), [(50, 1), (50, 5), (50, 20), (200, 5)])
def test_threads_never_overbook(app, make, people_count, capacity):
    _ward, _activity, slot, people = _scene(make, people_count, capacity)
    rounds = 2 if people_count == 50 else 1  # repeated, on a fresh slot each time
    for _round in range(rounds):
        results = _fire(app, people, slot.id)
        _check(slot, capacity, [status for status, _ in results])
        slot = _fresh_slot(slot, capacity)


def _fresh_slot(slot: Slot, capacity: int) -> Slot:
    other = Slot(
        ward_id=slot.ward_id,
        activity_id=slot.activity_id,
        starts_at=slot.starts_at + timedelta(days=1),
        ends_at=slot.ends_at + timedelta(days=1),
        capacity=capacity,
    )
    db.session.add(other)
    db.session.commit()
    return other


def test_one_person_firing_twenty_gets_one_place(app, make):
    _ward, _activity, slot, people = _scene(make, 1, 5)
    results = _fire(app, people * 20, slot.id)
    db.session.commit()
    db.session.refresh(slot)
    assert slot.taken == 1
    assert db.session.scalar(select(func.count(SignUp.id)).where(SignUp.slot_id == slot.id)) == 1
    assert {status for status, _ in results} <= {200, 409}


def test_emergency_stop_during_a_burst_lets_nothing_through_after_it(app, make):
    ward, activity, slot, people = _scene(make, 60, 40)
    manager = make.person(ward=ward, role="manager")
    stopped = {}

    client = login(Client(app.test_client()), manager)
    token = client.csrf_token()

    def stop(barrier):
        with app.app_context():
            barrier.wait()
            response = client.post(
                f"/s/hematologie/activites/{activity.id}/arreter",
                {"csrf_token": token, "reason": "Urgence dans le service"},
            )
        stopped["status"] = response.status_code

    # The moment the stop's transaction committed: the stop marks its session (through its
    # signal, inside the write) and the session notes the time right after its COMMIT.
    def mark(_activity, **_kw):
        db.session.info["stopping"] = True

    def after_commit(session):
        if session.info.pop("stopping", False):
            stopped["committed_at"] = utcnow()

    activity_stopped.connect(mark)
    event.listen(Session, "after_commit", after_commit)
    try:
        results = _fire(app, people, slot.id, extra=stop)
    finally:
        event.remove(Session, "after_commit", after_commit)
        activity_stopped.disconnect(mark)
    assert stopped["status"] == 303
    committed_at = stopped["committed_at"]
    db.session.commit()
    db.session.refresh(slot)
    assert slot.status == "frozen"
    # In the database: no confirmed sign-up was created after the stop committed…
    created = db.session.scalars(
        select(SignUp.created_at).where(SignUp.slot_id == slot.id, SignUp.status == "confirmed")
    ).all()
    assert all(at <= committed_at for at in created)
    # …and no tap that started after it got a place.
    assert all(status == 409 for status, started in results if started > committed_at)
    assert slot.taken == len(created) == [status for status, _ in results].count(200) <= 40
    assert {status for status, _ in results} <= {200, 409}
    # Someone without a place taps once more, surely after the stop: refused, nothing written.
    placed = set(
        db.session.scalars(
            select(SignUp.person_id).where(SignUp.slot_id == slot.id, SignUp.status == "confirmed")
        )
    )
    late = next(p for p in people if p.id not in placed)  # 60 people, at most 40 places
    assert _fire(app, [late], slot.id)[0][0] == 409
    # Even past the page's checks (a tap that read the slot before the stop), the claim
    # refuses, also with a place given back in the frozen slot meanwhile.
    if placed:
        planner_services.cancel_sign_up(slot.id, by=db.session.get(Person, min(placed)))
        db.session.commit()
    db.session.refresh(slot)
    assert slot.taken < slot.capacity
    assert planner_services.sign_up(slot.id, by=late) == "full"
    db.session.commit()
    db.session.refresh(slot)
    assert slot.taken == max(len(created) - 1, 0)
    db.session.refresh(slot)
    assert db.session.scalar(select(func.count(SignUp.id)).where(SignUp.slot_id == slot.id)) == len(created)


# --- separate processes ---------------------------------------------------------------------------


def _child(database_url: str, person_ids: list[int], slot_id: int, start, out):
    """Another app process on the same database: log in, wait for the others, tap at once."""

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    child_app = create_app(Config)
    with child_app.app_context():
        people = [db.session.get(Person, pid) for pid in person_ids]
    clients = [login(Client(child_app.test_client()), p) for p in people]
    with child_app.app_context():
        tokens = [c.csrf_token() for c in clients]
    go = threading.Event()
    statuses = []
    lock = threading.Lock()

    def tap(client, token):
        go.wait()
        with child_app.app_context():
            code = client.post(
                f"/s/hematologie/planning/creneaux/{slot_id}/inscription", {"csrf_token": token}, htmx=True
            ).status_code
        with lock:
            statuses.append(code)

    threads = [threading.Thread(target=tap, args=pair) for pair in zip(clients, tokens, strict=True)]
    for thread in threads:
        thread.start()
    start.wait()  # every process is ready: all taps now
    go.set()
    for thread in threads:
        thread.join()
    out.put(statuses)


@pytest.mark.processes
@pytest.mark.parametrize("capacity", [1, 5])
def test_two_processes_never_overbook(make, database_url, capacity):
    _ward, _activity, slot, people = _scene(make, 50, capacity)
    ids = [p.id for p in people]
    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(3), context.Queue()
    children = [
        context.Process(target=_child, args=(database_url, ids[i::2], slot.id, start, out)) for i in range(2)
    ]
    for child in children:
        child.start()
    start.wait(timeout=120)
    statuses = out.get(timeout=120) + out.get(timeout=120)
    for child in children:
        child.join(timeout=60)
    assert [child.exitcode for child in children] == [0, 0]
    assert len(statuses) == 50
    _check(slot, capacity, statuses)
