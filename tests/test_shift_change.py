"""A shift change, as production runs it: two app processes on one database (SQLite, or
MariaDB with TEST_MARIADB_URL). 40 people log in while 50 sign up for a break: no answer
is a 5xx and every log-in with the right password gets in. Two people registering the same
matricule at the same instant: one account, the other told so in French, no 5xx.

The log-ins check real Argon2 hashes (the test configuration's light parameters)."""

import multiprocessing
import threading

from sqlalchemy import func, select

from app import create_app
from app.config import TestConfig
from app.extensions import db
from app.models import JoinRequest, LoginEvent, Person, SignUp
from tests.conftest import Client, login
from tests.factories import PASSWORD
from tests.test_concurrency import _scene

TAKEN = "Un compte existe déjà pour ce matricule"


def _child_app(database_url: str):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    return create_app(Config)


def _all_at_once(child_app, jobs, start) -> list:
    """Run every prepared job in its own thread, all released when every process is ready;
    an exception escaping a request counts as a 500 (with what it was)."""
    go = threading.Event()
    results = [None] * len(jobs)

    def run(index, job):
        go.wait()
        try:
            with child_app.app_context():
                results[index] = job()
        except Exception as error:
            results[index] = (500, repr(error)[:300])

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    start.wait()
    go.set()
    for thread in threads:
        thread.join()
    return results


def _shift_child(database_url, matricules, signer_ids, slot_id, start, out):
    """One app process: some people log in with the form, others tap "S'inscrire"."""
    child_app = _child_app(database_url)
    with child_app.app_context():
        signers = [db.session.get(Person, pid) for pid in signer_ids]
    jobs = []
    for matricule in matricules:
        client = Client(child_app.test_client())
        with child_app.app_context():
            token = client.csrf_token()

        def log_in(client=client, token=token, matricule=matricule):
            response = client.post(
                "/connexion", {"csrf_token": token, "matricule": matricule, "password": PASSWORD}
            )
            return ("login", response.status_code, response.headers.get("Location", ""))

        jobs.append(log_in)
    for person in signers:
        client = login(Client(child_app.test_client()), person)
        with child_app.app_context():
            token = client.csrf_token()

        def sign_up(client=client, token=token):
            response = client.post(
                f"/s/hematologie/planning/creneaux/{slot_id}/inscription", {"csrf_token": token}, htmx=True
            )
            return ("signup", response.status_code, "")

        jobs.append(sign_up)
    out.put(_all_at_once(child_app, jobs, start))


def _two_processes(target, per_child_args) -> list:
    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(len(per_child_args) + 1), context.Queue()
    children = [context.Process(target=target, args=(*args, start, out)) for args in per_child_args]
    for child in children:
        child.start()
    start.wait(timeout=120)
    results = [item for _ in children for item in out.get(timeout=180)]
    for child in children:
        child.join(timeout=60)
    assert [child.exitcode for child in children] == [0, 0]
    return results


def test_forty_log_ins_while_fifty_sign_up(make, database_url):
    ward, _activity, slot, signers = _scene(make, 50, 20)
    arriving = [make.person(ward=ward) for _ in range(40)]
    matricules = [p.matricule for p in arriving]
    signer_ids = [p.id for p in signers]
    results = _two_processes(
        _shift_child,
        [(database_url, matricules[i::2], signer_ids[i::2], slot.id) for i in range(2)],
    )
    assert not [r for r in results if r[0] == 500], "a request crashed"
    log_ins = [r for r in results if r[0] == "login"]
    sign_ups = [r[1] for r in results if r[0] == "signup"]
    assert len(log_ins) == 40
    assert len(sign_ups) == 50
    assert [status for _, status, _ in log_ins] == [303] * 40  # every one of them got in
    assert all("/connexion" not in location for _, _, location in log_ins)
    assert set(sign_ups) <= {200, 409}  # never a 5xx, a busy 503 included
    assert sign_ups.count(200) == 20
    db.session.commit()
    recorded = db.session.scalar(
        select(func.count(LoginEvent.id)).where(
            LoginEvent.matricule.in_(matricules), LoginEvent.outcome == "success"
        )
    )
    assert recorded == 40
    stamped = db.session.scalar(
        select(func.count(Person.id)).where(
            Person.matricule.in_(matricules), Person.last_login_at.is_not(None)
        )
    )
    assert stamped == 40
    confirmed = db.session.scalar(
        select(func.count(SignUp.id)).where(SignUp.slot_id == slot.id, SignUp.status == "confirmed")
    )
    assert confirmed == 20


def _register_child(database_url, matricules, start, out):
    """One app process: a newcomer per matricule fills in the registration form."""
    child_app = _child_app(database_url)
    jobs = []
    for index, matricule in enumerate(matricules):
        client = Client(child_app.test_client())
        with child_app.app_context():
            token = client.csrf_token()
        form = {
            "csrf_token": token,
            "ward": "hematologie",
            "matricule": matricule,
            "first_name": "Louise",
            "last_name": f"Nouvelle{index}",
            "job": "ide",
            "email": "",
            "password": "un goéland sur la passerelle du bloc",
            "message": "",
        }

        def register(client=client, form=form, matricule=matricule):
            response = client.post("/inscription", form)
            return (matricule, response.status_code, TAKEN in response.get_data(as_text=True))

        jobs.append(register)
    out.put(_all_at_once(child_app, jobs, start))


def test_same_matricule_registered_twice_at_once(make, database_url):
    make.ward("hematologie")
    matricules = [f"NEW{n:04d}" for n in range(8)]
    # Both processes register every matricule at the same instant.
    results = _two_processes(_register_child, [(database_url, matricules), (database_url, matricules)])
    assert not [r for r in results if r[0] == 500], "a request crashed"
    assert len(results) == 16
    for matricule in matricules:
        answers = sorted((status, told) for m, status, told in results if m == matricule)
        # One account; both told the same (the page never reveals that a matricule has one).
        assert answers == [(200, False), (200, False)], matricule
    db.session.commit()
    assert db.session.scalar(select(func.count(Person.id)).where(Person.matricule.in_(matricules))) == 8
    assert db.session.scalar(select(func.count(JoinRequest.id))) == 8
