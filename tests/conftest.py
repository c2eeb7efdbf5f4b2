"""Test fixtures: the app on a fresh database (SQLite, or MariaDB with TEST_MARIADB_URL),
factories, a client that speaks CSRF and htmx, log-in helpers and a query counter."""

import hashlib
import os
import re
import secrets
import threading
import time
from contextlib import contextmanager

import pymysql
import pytest
from flask_login.utils import _create_identifier
from flask_migrate import upgrade
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from app import create_app
from app.config import TestConfig
from app.extensions import db, limiter
from tests.factories import Factory

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def _mariadb_database(base_url: str) -> tuple[str, callable]:
    """Create a fresh MariaDB database; fail loudly when the server cannot be reached."""
    url = make_url(base_url)
    name = f"atc_test_{secrets.token_hex(4)}"
    try:
        conn = pymysql.connect(
            host=url.host or "127.0.0.1",
            port=url.port or 3306,
            user=url.username or "root",
            password=url.password or "",
            connect_timeout=5,
        )
    except pymysql.err.OperationalError as error:  # never a silent skip
        pytest.exit(f"MariaDB run requested but the server is unreachable: {error}", returncode=3)
    with conn.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    conn.close()

    def drop():
        conn = pymysql.connect(
            host=url.host or "127.0.0.1",
            port=url.port or 3306,
            user=url.username or "root",
            password=url.password or "",
        )
        with conn.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        conn.close()

    full = url.set(database=name, query={"charset": "utf8mb4"})
    return full.render_as_string(hide_password=False), drop


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    base = os.environ.get("TEST_MARIADB_URL")
    if base:
        url, drop = _mariadb_database(base)
        yield url
        drop()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    application = create_app(Config)
    application.instance_path = str(tmp_path_factory.mktemp("instance"))
    with application.app_context():
        if db.engine.dialect.name == "sqlite":
            # A test database need not survive a power cut: no fsync at each commit (the
            # app's own setting, FULL, runs first; locking and WAL are unchanged).
            event.listen(db.engine, "connect", _no_fsync)
        upgrade(revision="heads")  # the schema comes from the migrations only
    return application


def _no_fsync(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.close()


# Reference data seeded by the migrations themselves (kept between tests).
REFERENCE_TABLES = {"vigilance_category", "vigilance_item"}


def _clean_database() -> None:
    engine = db.engine
    tables = [t.name for t in reversed(db.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            triggers = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
            for name, _sql in triggers:
                conn.execute(text(f'DROP TRIGGER "{name}"'))
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))
            for _name, sql in triggers:
                conn.execute(text(sql))
        else:
            conn.execute(text("SET FOREIGN_KEY_CHECKS = 0"))
            for table in tables:
                conn.execute(text(f"DELETE FROM `{table}`"))
            conn.execute(text("SET FOREIGN_KEY_CHECKS = 1"))


@pytest.fixture(autouse=True)
def _fresh_data(app):
    """Every test starts from empty tables, inside an app context."""
    with app.app_context():
        limiter.reset()  # each test starts with no request counted against its address
        yield
        db.session.remove()
        _clean_database()


@pytest.fixture
def make():
    """Row factories; the autouse `_fresh_data` has opened the app context already."""
    return Factory()


@pytest.fixture
def ward(make):
    """The ward most tests happen in."""
    return make.ward("hematologie", "Hématologie – Soins intensifs")


@pytest.fixture
def other_ward(make):
    return make.ward("oncologie", "Oncologie")


@pytest.fixture
def people(make, ward, other_ward):
    """The same people for every test file, under the names the tests read best.

    Thomas is also `member`, `author` (of post-its) and `proposer` (of activities); Julie is
    also `colleague`. Léa is a plain member the planner tests make referent of their activity.
    """
    thomas = make.person(ward=ward, first_name="Thomas", last_name="Roux")
    julie = make.person(ward=ward, first_name="Julie", last_name="Garnier")
    return {
        "thomas": thomas,
        "member": thomas,
        "author": thomas,
        "proposer": thomas,
        "julie": julie,
        "colleague": julie,
        "ines": make.person(ward=ward, first_name="Inès", last_name="Petit"),
        "referent": make.person(ward=ward, first_name="Léa", last_name="Moreau"),
        "admin": make.person(ward=ward, role="admin", first_name="Nadia", last_name="Benali"),
        "manager": make.person(ward=ward, role="manager", first_name="Sophie", last_name="Marchand"),
        "outsider": make.person(ward=other_ward, first_name="Karim", last_name="Haddad"),
    }


class Client:
    """A test client that sends the CSRF token (form field and header) and can act as htmx.

    Each request runs in its own app context, as in production: its own `g` and its own
    database session. What the test set up is committed first; the test's session is
    expired after, so it reads what the request wrote.
    """

    def __init__(self, flask_client):
        self.raw = flask_client

    def _run(self, method, url, **kwargs):
        db.session.commit()
        with self.raw.application.app_context():
            response = getattr(self.raw, method)(url, **kwargs)
            response.get_data()  # read the body while the request's context is alive
        db.session.expire_all()
        return response

    def csrf_token(self) -> str:
        page = self._run("get", "/", follow_redirects=True).get_data(as_text=True)
        return re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)

    def get(self, url, *, htmx=False, **kwargs):
        headers = kwargs.pop("headers", {})
        if htmx:
            headers["HX-Request"] = "true"
        return self._run("get", url, headers=headers, **kwargs)

    def post(self, url, data=None, *, htmx=False, csrf=True, **kwargs):
        headers = kwargs.pop("headers", {})
        data = dict(data or {})
        if csrf:
            token = data.get("csrf_token") or self.csrf_token()
            data["csrf_token"] = token
            headers["X-CSRFToken"] = token
        if htmx:
            headers["HX-Request"] = "true"
        return self._run("post", url, data=data, headers=headers, **kwargs)


@pytest.fixture
def client(app):
    return Client(app.test_client())


def login(client: Client, person, *, fresh: bool = True) -> Client:
    """Open a session for `person` as the log-in form would (without its slow hash)."""
    with client.raw.application.test_request_context(environ_base=client.raw.environ_base):
        identifier = _create_identifier()  # what "strong" session protection checks
    now = int(time.time())
    with client.raw.session_transaction() as session:
        session["_id"] = identifier
        session["_user_id"] = person.get_id()
        session["_fresh"] = True
        session["login_at"] = now
        session["seen_at"] = now
        session["reauth_at"] = now if fresh else 0
        if fresh:  # the admin space's second password step, done in this session
            session["confirmed_at"] = now
    return client


@pytest.fixture
def login_as(app):
    def _login_as(person, *, fresh=True) -> Client:
        return login(Client(app.test_client()), person, fresh=fresh)

    return _login_as


@contextmanager
def count_queries():
    """Count the SQL statements run inside the block (exact counts, never timings)."""
    statements = []

    def before(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def db_fingerprint(*, ignore: frozenset[str] = frozenset()) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of its rows (in a fresh connection, so it reads
    what is committed). Compare two fingerprints to prove that a request changed nothing."""
    fingerprint = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            if table.name in ignore:
                continue
            rows = sorted(repr(tuple(row)) for row in conn.execute(table.select()))
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]
            fingerprint[table.name] = (len(rows), digest)
    return fingerprint


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


@pytest.fixture(scope="session")
def live_server(app):
    """The app served on a free local port in a thread, for the browser tests."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
