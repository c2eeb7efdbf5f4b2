"""`make bench`, over HTTP: sign-up throughput and latency with N concurrent clients.

A real gunicorn server (2 workers, as on the project's 2-core machines) serves the bench's
"service" database; N client threads, each a different person with her own session, tap
"S'inscrire" then "Se désinscrire" (htmx) on slots of their own, as fast as the server
answers. Reported: requests per second, median and 99th percentile, and any answer that is
not 200 (there must be none). Not a test: figures for the issue notes.
"""

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from flask_login.utils import _create_identifier
from sqlalchemy import select

from app.core.timefmt import utcnow
from app.extensions import db
from app.models import Person, SignUp, Slot

SECRET = "bench-secret-key-only-for-the-local-bench-run"
AGENT = "atc-bench"
CSRF_RE = re.compile(r'"X-CSRFToken": "([^"]+)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, workers: int = 2):
    """A gunicorn server on the bench database; stops with the block."""
    port = _free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,
        "ATC_ENV": "development",
    }
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/sante")
                conn.getresponse().read()
                conn.close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    log.seek(0)
                    tail = log.read().decode(errors="replace")[-2000:]
                    raise SystemExit(f"gunicorn did not start for the bench:\n{tail}") from None
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def session_cookie(app, person_id: int) -> str:
    """A logged-in session cookie for `person_id`, signed with the server's secret."""
    app.config["SECRET_KEY"] = SECRET
    client = app.test_client()
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": AGENT}
    with app.test_request_context(environ_base=environ):
        identifier = _create_identifier()
    with app.app_context():
        user_id = db.session.get(Person, person_id).get_id()
    now = int(time.time())
    with client.session_transaction() as session:
        session.update(
            {
                "_id": identifier,
                "_user_id": user_id,
                "_fresh": True,
                "login_at": now,
                "seen_at": now,
                "reauth_at": now,
                "confirmed_at": now,
            }
        )
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return f"{cookie.key}={cookie.value}"


class Tapper(threading.Thread):
    """One person tapping sign-up then cancel on her own slots, over one keep-alive connection."""

    def __init__(self, port: int, slug: str, cookie: str, slot_ids: list[int], start_gate):
        super().__init__(daemon=True)
        self.port, self.slug, self.cookie, self.slot_ids = port, slug, cookie, slot_ids
        self.start_gate = start_gate
        self.times: list[float] = []
        self.statuses: dict[int, int] = {}

    def _request(self, conn, method, path, body=None, headers=None):
        all_headers = {"Cookie": self.cookie, "User-Agent": AGENT, **(headers or {})}
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("atc_session="):
                self.cookie = value.split(";", 1)[0]
        return response.status, data

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        _status, page = self._request(conn, "GET", f"/s/{self.slug}/planning/")
        token = CSRF_RE.search(page.decode()).group(1)
        headers = {
            "HX-Request": "true",
            "X-CSRFToken": token,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        body = f"csrf_token={token}"
        self.start_gate.wait()
        for slot_id in self.slot_ids:
            for action in ("inscription", "desinscription"):
                begin = time.perf_counter()
                status, _ = self._request(
                    conn, "POST", f"/s/{self.slug}/planning/creneaux/{slot_id}/{action}", body, headers
                )
                self.times.append(time.perf_counter() - begin)
                self.statuses[status] = self.statuses.get(status, 0) + 1
        conn.close()


def concurrent_sign_ups(
    app, database_url: str, slug: str, ward_id: int, people: list[int], clients: int = 16
):
    """Throughput and latency of sign-up + cancel with `clients` people at once."""
    per_client = 15
    with app.app_context():
        start = utcnow() + timedelta(days=7)
        slot_ids = db.session.scalars(
            select(Slot.id)
            .where(Slot.ward_id == ward_id, Slot.starts_at > start, Slot.taken < Slot.capacity)
            .order_by(Slot.starts_at)
            .limit(clients * per_client * 3)
        ).all()
        taken = set(db.session.execute(select(SignUp.slot_id, SignUp.person_id)).all())
    cookies = [session_cookie(app, person) for person in people[:clients]]
    with gunicorn(database_url) as port:
        gate = threading.Barrier(clients + 1)
        tappers = []
        for index, person in enumerate(people[:clients]):
            own = [s for s in slot_ids[index::clients] if (s, person) not in taken][:per_client]
            tappers.append(Tapper(port, slug, cookies[index], own, gate))
        for tapper in tappers:
            tapper.start()
        gate.wait()
        begin = time.perf_counter()
        for tapper in tappers:
            tapper.join()
        elapsed = time.perf_counter() - begin
    times = sorted(t for tapper in tappers for t in tapper.times)
    statuses = {}
    for tapper in tappers:
        for status, count in tapper.statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    return {
        "clients": clients,
        "requests": len(times),
        "per_second": len(times) / elapsed,
        "median": statistics.median(times),
        "p99": times[int(0.99 * (len(times) - 1))],
        "statuses": statuses,
    }


def report(result: dict) -> None:
    print(
        f"Inscription + désinscription, {result['clients']} personnes en même temps, gunicorn 2 workers : "
        f"{result['requests']} requêtes, {result['per_second']:.0f} req/s, "
        f"médiane {result['median'] * 1000:.1f} ms, p99 {result['p99'] * 1000:.1f} ms, "
        f"réponses {dict(sorted(result['statuses'].items()))}"
    )
