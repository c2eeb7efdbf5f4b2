"""Notifications people can read: the bell, /notifications, opening one, all read, paging, purge."""

import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core.timefmt import utcnow
from app.demo import seed_demo
from app.extensions import db
from app.models import Notification, Person
from app.notifications import services
from app.records.services import notify as records_notify
from tests.conftest import count_queries


def _note(person, text="Une place s'est libérée.", link="/s/hematologie/planning", **fields):
    note = services.notify(person, "slot.promoted", text, link=link)
    for name, value in fields.items():
        setattr(note, name, value)
    db.session.commit()
    return note


def _unread(person) -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.person_id == person.id, Notification.read_at.is_(None)
        )
    )


def test_the_old_import_still_works():
    assert records_notify is services.notify


def test_bell_shows_the_count_with_a_text_alternative(make, login_as):
    julie = make.person(first_name="Julie")
    _note(julie)
    _note(julie)
    page = login_as(julie).get("/").get_data(as_text=True)
    assert 'id="bell"' in page
    assert "2 notifications non lues" in page
    assert 'hx-trigger="every 60s"' in page


def test_count_falls_after_opening_and_the_link_is_followed(make, login_as):
    julie = make.person()
    first = _note(julie, link="/s/hematologie/planning/creneaux/7")
    _note(julie)
    http = login_as(julie)
    listing = http.get("/notifications").get_data(as_text=True)
    assert listing.count('class="notif unread"') == 2
    response = http.post(f"/notifications/{first.id}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/s/hematologie/planning/creneaux/7"
    assert _unread(julie) == 1
    bell = http.get("/notifications/cloche", htmx=True).get_data(as_text=True)
    assert "1 notification non lue" in bell
    assert "<html" not in bell


def test_opening_twice_is_fine_and_keeps_the_first_reading_time(make, login_as):
    julie = make.person()
    note = _note(julie)
    http = login_as(julie)
    assert http.post(f"/notifications/{note.id}").status_code == 303
    first_read = db.session.get(Notification, note.id).read_at
    assert first_read is not None
    assert http.post(f"/notifications/{note.id}").status_code == 303
    assert db.session.get(Notification, note.id).read_at == first_read


def test_someone_elses_notification_is_not_found_and_stays_unread(make, login_as):
    julie, marc = make.person(), make.person()
    note = _note(julie)
    assert login_as(marc).post(f"/notifications/{note.id}").status_code == 404
    assert login_as(marc).post("/notifications/999999").status_code == 404
    assert db.session.get(Notification, note.id).read_at is None


def test_a_link_to_another_site_is_not_followed(make, login_as):
    julie = make.person()
    evil = _note(julie, link="//evil.example/phish")
    response = login_as(julie).post(f"/notifications/{evil.id}")
    assert response.headers["Location"] == "/notifications"


def test_mark_all_read_plain_and_htmx(make, login_as):
    julie, marc = make.person(), make.person()
    for _ in range(3):
        _note(julie)
    _note(marc)
    http = login_as(julie)
    response = http.post("/notifications/tout-lu", htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="bell"' in body
    assert 'hx-swap-oob="true"' in body
    assert "Notifications, aucune non lue" in body
    assert _unread(julie) == 0
    assert _unread(marc) == 1  # only mine
    again = http.post("/notifications/tout-lu")
    assert again.status_code == 303


def test_mark_all_without_csrf_is_refused(make, login_as):
    julie = make.person()
    _note(julie)
    assert login_as(julie).post("/notifications/tout-lu", csrf=False).status_code == 400
    assert _unread(julie) == 1


def test_history_is_newest_first_grouped_by_day(make, login_as):
    julie = make.person()
    _note(julie, text="Hier, une publication validée.", created_at=utcnow() - timedelta(days=1))
    _note(julie, text="Il y a longtemps.", created_at=utcnow() - timedelta(days=20))
    _note(julie, text="Tout à l'heure.")
    page = login_as(julie).get("/notifications").get_data(as_text=True)
    assert page.index("Aujourd&#39;hui") < page.index("Tout à l&#39;heure.")
    assert page.index("Tout à l&#39;heure.") < page.index("Hier") < page.index("Hier, une publication")
    assert page.index("Hier, une publication") < page.index("Il y a longtemps.")


def test_long_history_pages_with_htmx(make, login_as):
    julie = make.person()
    for n in range(services.PAGE_SIZE + 5):
        services.notify(julie, "slot.promoted", f"Notification numéro {n:02d}.")
    db.session.commit()
    http = login_as(julie)
    page = http.get("/notifications").get_data(as_text=True)
    assert page.count('class="notif unread"') == services.PAGE_SIZE
    assert "Notification numéro 34." in page and "Notification numéro 04." not in page
    older = page.split('hx-get="/notifications?avant=')[1].split('"')[0]
    fragment = http.get(f"/notifications?avant={older}", htmx=True).get_data(as_text=True)
    assert "<html" not in fragment
    assert fragment.count('class="notif unread"') == 5
    assert "Notification numéro 00." in fragment
    assert "Voir les plus anciennes" not in fragment
    # Without htmx the same URL is a whole page (it can be bookmarked or opened in a tab).
    assert "<html" in http.get(f"/notifications?avant={older}").get_data(as_text=True)


def test_the_bell_costs_one_query_on_notifications(make, login_as):
    julie = make.person()
    _note(julie)
    http = login_as(julie)
    with count_queries() as statements:
        http.get("/notifications/cloche", htmx=True)
    on_notifications = [s for s in statements if "notification" in s.lower()]
    assert len(on_notifications) == 1
    assert len(statements) <= 2  # the person's session, then the count


def test_the_page_does_not_grow_queries_with_the_history(make, login_as):
    julie = make.person()
    for _ in range(10):
        _note(julie)
    with count_queries() as few:
        login_as(julie).get("/notifications")
    for _ in range(20):
        _note(julie)
    with count_queries() as many:
        login_as(julie).get("/notifications")
    assert len(many) == len(few)


def test_the_bell_poll_does_not_keep_an_idle_session_alive(make, login_as):
    julie = make.person()
    http = login_as(julie)
    earlier = int(time.time()) - 120
    with http.raw.session_transaction() as session:
        session["seen_at"] = earlier
    http.get("/notifications/cloche", htmx=True)
    with http.raw.session_transaction() as session:
        assert session["seen_at"] == earlier
    http.get("/notifications")
    with http.raw.session_transaction() as session:
        assert session["seen_at"] > earlier


def test_purge_keeps_unread_and_recent(app, make):
    julie = make.person()
    old = utcnow() - timedelta(days=200)
    _note(julie, text="vieille lue", created_at=old, read_at=old)
    _note(julie, text="vieille non lue", created_at=old)
    _note(julie, text="récente lue", read_at=utcnow())
    result = app.test_cli_runner().invoke(args=["purge-notifications"])
    assert result.exit_code == 0, result.output
    assert "1 notification(s) lue(s)" in result.output
    db.session.expire_all()
    left = set(db.session.scalars(select(Notification.text)))
    assert left == {"vieille non lue", "récente lue"}
    both = app.test_cli_runner().invoke(args=["purge"])
    assert both.exit_code == 0, both.output
    assert "connexion" in both.output


@pytest.mark.usefixtures("app")
def test_demo_accounts_have_a_history_whose_links_open(login_as):
    seed_demo()
    db.session.commit()
    count = db.session.scalar(select(func.count(Notification.id)))
    seed_demo()
    db.session.commit()
    assert db.session.scalar(select(func.count(Notification.id))) == count  # idempotent
    julie = db.session.scalar(select(Person).where(Person.matricule == "900004"))
    assert 0 < _unread(julie) < count
    http = login_as(julie)
    page = http.get("/notifications").get_data(as_text=True)
    assert page.count('class="notif-day"') >= 4  # a few weeks, grouped by day
    for note in db.session.scalars(select(Notification).where(Notification.person_id == julie.id)):
        opened = http.post(f"/notifications/{note.id}", follow_redirects=True)
        assert opened.status_code == 200, note.link
    assert _unread(julie) == 0
