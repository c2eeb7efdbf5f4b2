"""`make bench`: page times in-process, SQL query counts, and the ratio to the framework floor.

Not a test: it prints figures for the issue notes. Two data sets are built from scratch in
SQLite files: a ward (46 people) and a hospital (100 wards, 11,000 people, a year of content).
For each page: median and 95th percentile of in-process request time, the number of SQL
queries, the HTML size, and the ratio to a bare Flask app rendering a static template of
the same HTML (the floor), measured in the same run. Pages of features not built yet are
skipped. Timings are for comparison within one run only (2 shared cores).
"""

import os
import random
import re
import select as select_module
import socket
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import datetime as dt
from datetime import time as tm

from flask import Flask, render_template, url_for
from flask_login.utils import _create_identifier
from flask_migrate import upgrade
from jinja2 import DictLoader
from sqlalchemy import event, insert, select

from app import create_app
from app.auth.passwords import hash_password
from app.config import TestConfig
from app.core.timefmt import PARIS, paris_to_utc, utcnow
from app.extensions import db
from app.models import (
    Activity,
    Comment,
    MailOutbox,
    Membership,
    NotificationSetting,
    Person,
    PostIt,
    PostItSupport,
    Publication,
    SignUp,
    Slot,
    Ward,
)
from app.planner.services import this_monday
from tests import bench_http

RUNS = int(os.environ.get("BENCH_RUNS", "40"))
WARM = 5
rng = random.Random(48)


@dataclass
class Page:
    label: str
    endpoint: str
    args: dict
    htmx: bool = False
    method: str = "GET"
    as_manager: bool = False  # a page of the admin space: measured as the ward manager


def _chunks(rows, size=5000):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def bulk(model, rows):
    for chunk in _chunks(rows):
        db.session.execute(insert(model), chunk)


# --- data -------------------------------------------------------------------------------


def build(wards: int, people_per_ward: int, days: int) -> dict:
    """People, memberships and a period of content in every ward, inserted in bulk."""
    now = utcnow()
    password = hash_password("bench password long enough")
    bulk(
        Ward,
        [{"slug": f"service-{w:03d}", "name": f"Service {w:03d}", "description": ""} for w in range(wards)],
    )
    ward_ids = list(db.session.scalars(select(Ward.id).order_by(Ward.id)))
    total = wards * people_per_ward
    bulk(
        Person,
        [
            {
                "matricule": f"B{n:06d}",
                "first_name": "Prénom",
                "last_name": f"Nom{n}",
                "job": "ide",
                "status": "active",
                "password_hash": password,
            }
            for n in range(total)
        ],
    )
    person_ids = list(db.session.scalars(select(Person.id).order_by(Person.id)))
    members = {}
    rows = []
    for index, ward_id in enumerate(ward_ids):
        ids = person_ids[index * people_per_ward : (index + 1) * people_per_ward]
        members[ward_id] = ids
        for position, person_id in enumerate(ids):
            role = "manager" if position == 0 else "admin" if position < 3 else "member"
            rows.append({"ward_id": ward_id, "person_id": person_id, "role": role, "status": "active"})
    bulk(Membership, rows)
    context = {"ward_ids": ward_ids, "members": members, "now": now, "days": days}
    for builder in CONTENT_BUILDERS:
        builder(context)
    db.session.commit()
    return context


def build_feed(context):
    now, days = context["now"], context["days"]
    rows = []
    for ward_id, ids in context["members"].items():
        for n in range(days * 2):  # two posts a day
            at = now - timedelta(days=n / 2)
            rows.append(
                {
                    "ward_id": ward_id,
                    "author_id": rng.choice(ids),
                    "kind": rng.choice(["article", "info", "idea", "deal", "quote", "theme"]),
                    "title": f"Publication {n}",
                    "body": "Un texte de quelques lignes. " * 8,
                    "status": "published",
                    "pinned": n == 5,
                    "created_at": at,
                    "updated_at": at,
                    "published_at": at,
                    "thanks_count": n % 7,
                    "comment_count": 0,
                }
            )
    bulk(Publication, rows)
    first = db.session.scalar(select(Publication.id).order_by(Publication.id))
    bulk(
        Comment,
        [
            {
                "ward_id": r["ward_id"],
                "target_type": "publication",
                "target_id": first + i,
                "author_id": r["author_id"],
                "body": "Merci !",
                "created_at": r["created_at"],
            }
            for i, r in enumerate(rows)
            if i % 3 == 0
        ],
    )


def build_postits(context):
    now, days = context["now"], context["days"]
    rows = []
    for ward_id, ids in context["members"].items():
        for n in range(days):  # one note a day
            rows.append(
                {
                    "ward_id": ward_id,
                    "author_id": rng.choice(ids),
                    "kind": rng.choice(["idea", "need", "thanks", "question"]),
                    "text": f"Note numéro {n} pour le service",
                    "anonymous": n % 4 == 0,
                    "status": rng.choice(["new", "study", "adopted", "done", "declined"]),
                    "created_at": now - timedelta(days=n),
                }
            )
    bulk(PostIt, rows)
    postit_ids = list(
        db.session.scalars(
            select(
                PostIt.id,
            ).order_by(PostIt.id)
        )
    )
    supports = []
    for postit_id, row in zip(postit_ids, rows, strict=True):
        for person_id in rng.sample(context["members"][row["ward_id"]], 3):
            supports.append({"postit_id": postit_id, "person_id": person_id, "created_at": row["created_at"]})
    bulk(PostItSupport, supports)


def build_planner(context):
    """15 activities a ward and about 60 slots a week over the year around today, with sign-ups."""
    now, days = context["now"], context["days"]
    activity_rows = [
        {
            "ward_id": w,
            "name": f"Activité {n}",
            "status": "active",
            "summary": "",
            "place": "Salle de pause",
            "responsibility_charter": "",
            "charter_version": 1,
            "created_at": now,
            "updated_at": now,
            "status_changed_at": now,
        }
        for w in context["ward_ids"]
        for n in range(15)
    ]
    bulk(Activity, activity_rows)
    activities = {}
    for activity_id, ward_id in db.session.execute(select(Activity.id, Activity.ward_id)):
        activities.setdefault(ward_id, []).append(activity_id)
    context["activities"] = activities
    monday = this_monday()
    first = monday - timedelta(days=days // 2)
    slot_rows = []
    for ward_id in context["members"]:
        for week in range(days // 7 + 1):
            for n in range(60):  # ~60 slots a week: 12 a working day, short and at breaks
                day = first + timedelta(days=week * 7 + n % 5)
                start = paris_to_utc(dt.combine(day, tm(6 + (n // 5) % 16, 0 if n % 2 else 30)))
                slot_rows.append(
                    {
                        "ward_id": ward_id,
                        "activity_id": activities[ward_id][n % 15],
                        "starts_at": start,
                        "ends_at": start + timedelta(minutes=20),
                        "place": "Salle de pause",
                        "capacity": 4,
                        "taken": 2,
                        "waiting": 0,
                        "status": "open",
                        "message": "",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
    bulk(Slot, slot_rows)
    sign_rows = []
    members = context["members"]
    for slot_id, ward_id, starts_at in db.session.execute(select(Slot.id, Slot.ward_id, Slot.starts_at)):
        people = members[ward_id]
        a, b = (slot_id * 7) % len(people), (slot_id * 13 + 1) % len(people)
        for person_id in {people[a], people[b]} if a != b else {people[a], people[(a + 1) % len(people)]}:
            sign_rows.append(
                {
                    "slot_id": slot_id,
                    "person_id": person_id,
                    "status": "confirmed",
                    "created_at": starts_at - timedelta(days=1),
                }
            )
    bulk(SignUp, sign_rows)
    context["slot_count"], context["sign_up_count"] = len(slot_rows), len(sign_rows)


CONTENT_BUILDERS = [build_feed, build_postits, build_planner]


# --- measuring ----------------------------------------------------------------------------


def login(client, person_id):
    with client.application.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()
    with client.application.app_context():
        session_id = db.session.get(Person, person_id).get_id()
    now = int(time.time())
    with client.session_transaction() as session:
        session.update(
            {
                "_id": identifier,
                "_user_id": session_id,
                "_fresh": True,
                "login_at": now,
                "seen_at": now,
                "reauth_at": now,
                "confirmed_at": now,
            }
        )


def measure(app, client, page: Page, url: str) -> dict:
    statements = []

    def count(*_args):
        statements.append(1)

    headers = {"HX-Request": "true"} if page.htmx else {}
    for _ in range(WARM):
        with app.app_context():
            response = client.open(url, method=page.method, headers=headers)
    times = []
    for _ in range(RUNS):
        with app.app_context():
            engine = db.engine
            event.listen(engine, "before_cursor_execute", count)
            statements.clear()
            start = time.perf_counter()
            response = client.open(url, method=page.method, headers=headers)
            times.append(time.perf_counter() - start)
            event.remove(engine, "before_cursor_execute", count)
    if response.status_code != 200:
        raise SystemExit(f"{page.label}: HTTP {response.status_code} for {url}")
    body = response.get_data(as_text=True)
    return {"times": times, "queries": len(statements), "html": body}


ROW_TEMPLATE = (
    '<li class="slot"><a href="/s/x/planning/{{ r[0] }}">{{ r[1] }}</a>'
    '<span class="time">{{ r[2] }}</span><span class="place">{{ r[3] }}</span>'
    '<span class="left">{{ r[4] }} places</span></li>\n'
)


def measure_sign_up(app, client, slug: str, ward_id: int, person_id: int) -> dict:
    """One tap "S'inscrire" then one tap "Se désinscrire" (htmx), on next week's slots."""
    with app.app_context():
        start = utcnow() + timedelta(days=7)
        mine = select(SignUp.slot_id).where(SignUp.person_id == person_id)
        slot_ids = db.session.scalars(
            select(Slot.id)
            .where(Slot.ward_id == ward_id, Slot.starts_at > start, Slot.taken < Slot.capacity)
            .where(Slot.id.not_in(mine))
            .order_by(Slot.starts_at)
            .limit(WARM + RUNS)
        ).all()
    page = client.get(f"/s/{slug}/planning/").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    timings = {"Inscription en un geste (htmx)": [], "Désinscription (htmx)": []}
    counts = {}
    bodies = {}
    statements = []

    def count(*_args):
        statements.append(1)

    for index, slot_id in enumerate(slot_ids):
        for label, action in (
            ("Inscription en un geste (htmx)", "inscription"),
            ("Désinscription (htmx)", "desinscription"),
        ):
            with app.app_context():
                engine = db.engine
                event.listen(engine, "before_cursor_execute", count)
                statements.clear()
                begin = time.perf_counter()
                response = client.post(
                    f"/s/{slug}/planning/creneaux/{slot_id}/{action}",
                    headers=headers,
                    data={"csrf_token": token},
                )
                elapsed = time.perf_counter() - begin
                event.remove(engine, "before_cursor_execute", count)
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code}")
            if index >= WARM:
                timings[label].append(elapsed)
            counts[label] = len(statements)
            bodies[label] = response.get_data(as_text=True)
    return {
        label: {"times": timings[label], "queries": counts[label], "html": bodies[label]} for label in timings
    }


def measure_promotion(app, client, slug: str, ward_id: int, person_id: int) -> dict:
    """Leaving a full slot moves a colleague up: her notification (and, with e-mail on, her
    mail in the outbox) is written by the page. Measured with mail off, then with mail on and
    the SMTP server hanging (it accepts the connection and never answers): the page must not
    notice, as it never talks to SMTP."""
    with app.app_context():
        colleague = db.session.scalars(
            select(Membership.person_id).where(
                Membership.ward_id == ward_id, Membership.person_id != person_id
            )
        ).first()
        activity_id = db.session.scalar(select(Slot.activity_id).where(Slot.ward_id == ward_id).limit(1))
        start = utcnow() + timedelta(days=9)
        ids = []
        for n in range(2 * (WARM + RUNS)):
            slot = Slot(
                ward_id=ward_id,
                activity_id=activity_id,
                starts_at=start + timedelta(minutes=30 * n),
                ends_at=start + timedelta(minutes=30 * n + 20),
                capacity=1,
                taken=1,
                waiting=1,
            )
            db.session.add(slot)
            db.session.flush()
            db.session.add_all(
                [
                    SignUp(slot_id=slot.id, person_id=person_id, status="confirmed"),
                    SignUp(slot_id=slot.id, person_id=colleague, status="waiting", waiting_since=utcnow()),
                ]
            )
            ids.append(slot.id)
        db.session.add(
            NotificationSetting(
                person_id=colleague,
                channels='{"creneaux": "mail"}',
                email="collegue@chu-nord.fr",
                email_confirmed_at=utcnow(),
                quiet_urgent=False,
                weekly_digest=False,
            )
        )
        db.session.commit()
    page = client.get(f"/s/{slug}/planning/").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    hanging = socket.socket()
    hanging.bind(("127.0.0.1", 0))
    hanging.listen(64)
    saved = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT", "MAIL_TIMEOUT")}
    labels = ("Promotion, e-mail coupé (htmx)", "Promotion, SMTP bloqué (htmx)")
    results = {}
    try:
        for half, label in enumerate(labels):
            if half == 1:
                app.config.update(
                    MAIL_SERVER="127.0.0.1", MAIL_PORT=hanging.getsockname()[1], MAIL_TIMEOUT=10
                )
            times, html, queries = [], "", 0
            statements = []

            def listener(*_args, seen=statements):
                seen.append(1)

            for index, slot_id in enumerate(ids[half * (WARM + RUNS) : (half + 1) * (WARM + RUNS)]):
                statements.clear()
                with app.app_context():
                    engine = db.engine
                    event.listen(engine, "before_cursor_execute", listener)
                    begin = time.perf_counter()
                    response = client.post(
                        f"/s/{slug}/planning/creneaux/{slot_id}/desinscription",
                        headers=headers,
                        data={"csrf_token": token},
                    )
                    elapsed = time.perf_counter() - begin
                    event.remove(engine, "before_cursor_execute", listener)
                if response.status_code != 200:
                    raise SystemExit(f"{label}: HTTP {response.status_code}")
                if index >= WARM:
                    times.append(elapsed)
                html, queries = response.get_data(as_text=True), len(statements)
            results[label] = {"times": times, "queries": queries, "html": html}
        with app.app_context():
            queued = db.session.scalar(select(db.func.count(MailOutbox.id)))
        touched = len(select_module.select([hanging], [], [], 0)[0])
        print(f"  promotion : {queued} e-mail(s) en file ; connexions des pages au serveur SMTP : {touched}")
    finally:
        app.config.update(saved)
        hanging.close()
    return results


def floor(html_by_key: dict, workdir: str) -> dict:
    """The framework floor, in a bare Flask app, for each page's HTML size:
    `static`: a static template of that size; `data`: one SQLite query and a Jinja loop
    producing that size (the "Flask renders a week grid from SQLite rows" reference)."""
    path = f"{workdir}/floor.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE IF NOT EXISTS slot (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT, n INT)")
        con.execute("DELETE FROM slot")
        con.executemany(
            "INSERT INTO slot (a, b, c, n) VALUES (?, ?, ?, ?)",
            [(f"Activité {i}", "14 h 00 – 14 h 20", "Salle de pause", i % 6) for i in range(3000)],
        )
    bare = Flask("floor")
    templates = {f"{k}.html": "{% raw %}" + v + "{% endraw %}" for k, v in html_by_key.items()}
    templates["rows.html"] = "<!doctype html><ul>{% for r in rows %}" + ROW_TEMPLATE + "{% endfor %}</ul>"
    bare.jinja_loader = DictLoader(templates)
    row_size = len(ROW_TEMPLATE) + 20

    @bare.get("/static/<key>")
    def static_page(key):
        return render_template(f"{key}.html")

    @bare.get("/data/<int:count>")
    def data_page(count):
        with sqlite3.connect(path) as con:
            rows = con.execute("SELECT id, a, b, c, n FROM slot ORDER BY id LIMIT ?", (count,)).fetchall()
        return render_template("rows.html", rows=rows)

    client = bare.test_client()

    def timed(url):
        for _ in range(WARM):
            client.get(url)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    return {
        key: {"static": timed(f"/static/{key}"), "data": timed(f"/data/{max(1, len(html) // row_size)}")}
        for key, html in html_by_key.items()
    }


def pages_for(app) -> list[Page]:
    pages = [
        Page("Accueil du service (fil)", "wards.home", {}),
        Page("Fil : page suivante (htmx)", "wards.home", {"apres": "__second_page__"}, htmx=True),
        Page("Mur des post-it", "postits.board", {}),
        Page("Planning de la semaine", "planner.week", {}),
        Page("Planning : semaine suivante (htmx)", "planner.week", {"semaine": "__next_week__"}, htmx=True),
        Page("Agenda du mois", "agenda.month", {}),
        Page("Cloche (htmx, chaque minute)", "notifications.bell", {}, htmx=True),
        Page("Mes notifications", "notifications.index", {}),
        Page("Indicateurs (trimestre)", "indicators.index", {"periode": "trimestre"}, as_manager=True),
    ]
    return [p for p in pages if p.endpoint in app.view_functions]


def run_size(name: str, wards: int, people_per_ward: int, days: int, workdir: str) -> dict:
    url = f"sqlite:///{workdir}/{name}.sqlite"

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        TESTING = False

    app = create_app(Config)
    with app.app_context():
        upgrade(revision="heads")
        start = time.perf_counter()
        context = build(wards, people_per_ward, days)
        built = time.perf_counter() - start
        ward = db.session.get(Ward, context["ward_ids"][0])
        viewer = context["members"][ward.id][5]  # a plain member
        second_page = db.session.scalars(
            select(Publication.id)
            .where(Publication.ward_id == ward.id, Publication.pinned.is_(False))
            .order_by(Publication.published_at.desc(), Publication.id.desc())
            .offset(9)
            .limit(1)
        ).first()
        slug = ward.slug
    client = app.test_client()
    login(client, viewer)
    manager_client = app.test_client()
    login(manager_client, context["members"][ward.id][0])
    results = {}
    if "planner.sign_up" in app.view_functions:
        results.update(measure_sign_up(app, client, slug, ward.id, viewer))
    if "notifications.bell" in app.view_functions:
        results.update(measure_promotion(app, client, slug, ward.id, viewer))
    for page in pages_for(app):
        args = {k: {"__second_page__": second_page}.get(v, v) for k, v in page.args.items()}
        if args.get("semaine") == "__next_week__":
            year, week, _ = (datetime.now(PARIS).date() + timedelta(days=7)).isocalendar()
            args["semaine"] = f"{year}-W{week:02d}"
        with app.test_request_context():
            page_url = url_for(page.endpoint, ward_slug=slug, **args)
        results[page.label] = measure(app, manager_client if page.as_manager else client, page, page_url)
    rows = f"{context.get('slot_count', 0)} créneaux, {context.get('sign_up_count', 0)} inscriptions"
    return {
        "results": results,
        "built": built,
        "rows": rows,
        "app": app,
        "url": url,
        "slug": slug,
        "ward_id": ward.id,
        "people": [p for p in context["members"][ward.id] if p != viewer],
    }


def main() -> int:
    workdir = tempfile.mkdtemp(prefix="atc-bench-")
    print(f"Anime ton CHU — bench ({RUNS} requests a page, in-process, SQLite; data in {workdir})")
    sizes = {
        "service": run_size("service", 1, 46, 365, workdir),
        "hôpital": run_size("hopital", 100, 110, 365, workdir),
    }
    htmls = {f"{s}:{label}": r["html"] for s, data in sizes.items() for label, r in data["results"].items()}
    floors = floor({str(i): html for i, html in enumerate(htmls.values())}, workdir)
    floor_by = dict(zip(htmls.keys(), floors.values(), strict=True))
    print()
    for size, data in sizes.items():
        print(f"Jeu « {size} » construit en {data['built']:.1f} s ({data['rows']})")
    print("ratio = médiane de la page / plancher « données » (Flask nu : une requête SQLite + boucle Jinja,")
    print("même taille de HTML) ; « statique » = Flask nu rendant un gabarit statique de même taille.")
    print()
    header = (
        f"{'page':38} {'taille':>7} {'médiane':>9} {'p95':>9} {'req.':>5} "
        f"{'statique':>9} {'données':>9} {'ratio':>6}"
    )
    for size, data in sizes.items():
        print(f"— {size} —")
        print(header)
        for label, r in data["results"].items():
            median = statistics.median(r["times"])
            p95 = sorted(r["times"])[int(0.95 * (len(r["times"]) - 1))]
            base = floor_by[f"{size}:{label}"]
            size_k = len(r["html"].encode()) / 1024
            print(
                f"{label:38} {size_k:6.1f}K {median * 1000:8.2f}ms {p95 * 1000:8.2f}ms {r['queries']:5d} "
                f"{base['static'] * 1000:8.2f}ms {base['data'] * 1000:8.2f}ms {median / base['data']:6.2f}"
            )
        print()
    print("Hôpital / service (médianes) :")
    for label in sizes["service"]["results"]:
        a = statistics.median(sizes["service"]["results"][label]["times"])
        b = statistics.median(sizes["hôpital"]["results"][label]["times"])
        print(f"  {label:40} ×{b / a:.2f}")
    print()
    for size, data in sizes.items():
        print(f"— {size}, par HTTP —")
        bench_http.report(
            bench_http.concurrent_sign_ups(
                data["app"], data["url"], data["slug"], data["ward_id"], data["people"], clients=16
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
