"""Two app servers on one database, as production runs it: two separate processes, each a
real threaded HTTP server, people tapping over HTTP at the same instant (SQLite, or MariaDB
with TEST_MARIADB_URL).

- 50 people join the waiting list of a full slot at once: the stored numbers are exactly
  1..50 and each person's answer shows a distinct rank, together 1..50;
- someone who leaves the waiting list and joins again goes to the end;
- a cancel posted after an emergency stop (from a page opened before it) promotes nobody,
  tells nobody "une place s'est libérée" and leaves the slot frozen; resume fills it in order.
"""

import http.client
import multiprocessing
import re
import threading
from urllib.parse import urlencode

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from app import create_app
from app.config import TestConfig
from app.extensions import db
from app.models import Notification, SignUp, Slot
from tests.conftest import Client, login
from tests.test_concurrency import _scene  # the same ward, activity, slot and signed people

USER_AGENT = "two-servers-test/1"
RANK_RE = re.compile(r"Liste d(?:'|&#39;)attente\s:\sn°\s(\d+)")


def _serve(database_url: str, ports) -> None:
    """One app process: a real threaded HTTP server on a free port (killed by the test)."""

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    server = make_server("127.0.0.1", 0, create_app(Config), threaded=True)
    ports.put(server.server_port)
    server.serve_forever()


@pytest.fixture(scope="module")
def servers(app):
    """Two server processes on the test database (the schema is already migrated)."""
    database_url = app.config["SQLALCHEMY_DATABASE_URI"]
    context = multiprocessing.get_context("spawn")
    ports = context.Queue()
    processes = [context.Process(target=_serve, args=(database_url, ports), daemon=True) for _ in range(2)]
    for process in processes:
        process.start()
    try:
        yield [ports.get(timeout=120) for _ in processes]
    finally:
        for process in processes:
            process.terminate()
            process.join(timeout=30)


class Person:
    """Someone logged in, talking HTTP to one of the servers."""

    def __init__(self, app, person, port: int):
        flask_client = app.test_client()
        flask_client.environ_base["HTTP_USER_AGENT"] = USER_AGENT  # what the session is bound to
        client = login(Client(flask_client), person)
        self.token = client.csrf_token()
        self.cookie = flask_client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
        self.port = port
        self.id = person.id

    def post(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urlencode({"csrf_token": self.token, **(data or {})})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(
                "POST",
                path,
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"atc_session={self.cookie}",
                    "User-Agent": USER_AGENT,
                    "X-CSRFToken": self.token,
                    "HX-Request": "true",
                },
            )
            response = connection.getresponse()
            return response.status, response.read().decode()
        finally:
            connection.close()


def _path(slot: Slot, action: str) -> str:
    return f"/s/hematologie/planning/creneaux/{slot.id}/{action}"


def _all_at_once(calls) -> list:
    """Run every call in its own thread, released together; results in the calls' order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index):
        barrier.wait()
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _waiting(slot: Slot) -> list[SignUp]:
    db.session.commit()
    return db.session.scalars(
        select(SignUp)
        .where(SignUp.slot_id == slot.id, SignUp.status == "waiting")
        .order_by(SignUp.waiting_seq)
    ).all()


def test_fifty_join_a_full_slot_at_once_and_each_sees_a_true_rank(app, make, servers):
    _ward, _activity, slot, people = _scene(make, capacity=1, people_count=51)
    first, *others = (Person(app, p, servers[i % 2]) for i, p in enumerate(people))
    assert first.post(_path(slot, "inscription"))[0] == 200  # the slot is full from now on
    answers = _all_at_once([lambda who=who: who.post(_path(slot, "attente")) for who in others])
    assert {status for status, _ in answers} == {200}
    waiting = _waiting(slot)
    assert [row.waiting_seq for row in waiting] == list(range(1, 51))  # strict, no gap
    db.session.refresh(slot)
    assert (slot.taken, slot.waiting, slot.waiting_seq) == (1, 50, 50)
    ranks = {}
    for who, (_status, page) in zip(others, answers, strict=True):
        found = RANK_RE.findall(page)
        assert len(found) == 1, page
        ranks[who.id] = int(found[0])
    assert sorted(ranks.values()) == list(range(1, 51))  # each a distinct, true rank
    assert ranks == {row.person_id: row.waiting_seq for row in waiting}


def test_leaving_and_joining_again_goes_to_the_end(app, make, servers):
    _ward, _activity, slot, people = _scene(make, capacity=1, people_count=4)
    holder, anne, bruno, chloe = (Person(app, p, servers[i % 2]) for i, p in enumerate(people))
    holder.post(_path(slot, "inscription"))
    for who in (anne, bruno, chloe):  # one after the other, within the same second or so
        assert who.post(_path(slot, "attente"))[0] == 200
    assert anne.post(_path(slot, "desinscription"))[0] == 200
    status, page = anne.post(_path(slot, "attente"))
    assert status == 200
    assert RANK_RE.findall(page) == ["3"]
    assert [row.person_id for row in _waiting(slot)] == [bruno.id, chloe.id, anne.id]
    # The holder leaves: Bruno, now first in line, takes the place, not Anne.
    assert holder.post(_path(slot, "desinscription"))[0] == 200
    db.session.commit()
    confirmed = db.session.scalars(
        select(SignUp.person_id).where(SignUp.slot_id == slot.id, SignUp.status == "confirmed")
    ).all()
    assert confirmed == [bruno.id]


def test_a_cancel_after_an_emergency_stop_promotes_nobody(app, make, servers):
    ward, activity, slot, people = _scene(make, capacity=1, people_count=3)
    manager = Person(app, make.person(ward=ward, role="manager"), servers[0])
    holder, julie, ines = (Person(app, p, servers[1]) for p in people)
    holder.post(_path(slot, "inscription"))
    julie.post(_path(slot, "attente"))
    ines.post(_path(slot, "attente"))
    # The holder's page was opened before the stop; the manager stops on the other server.
    status, _page = manager.post(f"/s/hematologie/activites/{activity.id}/arreter", {"reason": "Épidémie"})
    assert status == 200
    status, _page = holder.post(_path(slot, "desinscription"))
    assert status == 200
    db.session.commit()
    db.session.refresh(slot)
    assert slot.status == "frozen"
    assert (slot.taken, slot.waiting) == (0, 2)  # the place is given back, nobody moved up
    assert [row.person_id for row in _waiting(slot)] == [julie.id, ines.id]
    promoted = db.session.scalars(select(Notification).where(Notification.kind == "slot.promoted")).all()
    assert promoted == []
    # Resume: the free place goes to the first in line, and only she is told.
    status, _page = manager.post(f"/s/hematologie/activites/{activity.id}/reprendre", {"reason": "Fin"})
    assert status == 200
    db.session.commit()
    db.session.refresh(slot)
    assert (slot.status, slot.taken, slot.waiting) == ("open", 1, 1)
    told = db.session.scalars(
        select(Notification.person_id).where(Notification.kind == "slot.promoted")
    ).all()
    assert told == [julie.id]
    assert [row.person_id for row in _waiting(slot)] == [ines.id]
