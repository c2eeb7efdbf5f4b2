"""One moderation for every kind: report, hide, keep, restore; the one queue."""

import os
import uuid
from datetime import timedelta

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text

from app import create_app
from app.config import TestConfig
from app.core.errors import ConflictError, DomainError
from app.core.timefmt import utcnow
from app.extensions import db
from app.models import AuditEntry, Comment, Event, Notification, PostIt, Publication, Report
from app.moderation import kinds, services
from app.postits import services as postits
from tests.conftest import _mariadb_database, count_queries

QUEUE = "/s/hematologie/admin/moderation"
SLUGS = {"postit": "post-it", "comment": "message", "event": "evenement"}
KINDS = tuple(SLUGS)


@pytest.fixture
def ward(make):
    return make.ward("hematologie", "Hématologie – Soins intensifs")


@pytest.fixture
def people(make, ward):
    return {
        "author": make.person(ward=ward, first_name="Thomas", last_name="Roux"),
        "reporter": make.person(ward=ward, first_name="Julie", last_name="Garnier"),
        "colleague": make.person(ward=ward, first_name="Inès", last_name="Moreau"),
        "admin": make.person(ward=ward, role="admin", first_name="Nadia", last_name="Benali"),
        "manager": make.person(ward=ward, role="manager", first_name="Sophie", last_name="Marchand"),
    }


def make_item(kind, ward, author, text="Un texte à regarder", **fields):
    """A visible item of this kind, by `author`, committed."""
    if kind == "postit":
        item = PostIt(ward_id=ward.id, author_id=author.id, kind="idea", text=text, **fields)
    elif kind == "comment":
        publication = Publication(
            ward_id=ward.id, author_id=author.id, kind="info", title="Info", body="Texte", status="published"
        )
        publication.published_at = utcnow()
        db.session.add(publication)
        db.session.flush()
        item = Comment(
            ward_id=ward.id,
            target_type="publication",
            target_id=publication.id,
            author_id=author.id,
            body=text,
        )
        for name, value in fields.items():
            setattr(item, name, value)
    else:
        start = utcnow() + timedelta(days=2)
        item = Event(
            ward_id=ward.id,
            author_id=author.id,
            uid=f"{uuid.uuid4()}@test",
            kind="meeting",
            title=text,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            **fields,
        )
    db.session.add(item)
    db.session.commit()
    return item


def count(model, *where) -> int:
    return db.session.scalar(select(func.count(model.id)).where(*where))


def snapshot(item) -> tuple:
    db.session.refresh(item)
    return (
        item.hidden,
        item.hidden_reason,
        item.hidden_by_id,
        item.report_count,
        item.reviewed_at,
        count(Report),
        count(Notification),
        count(AuditEntry),
    )


@pytest.fixture
def request_context(app):
    """Services build their links with url_for, as in a request."""
    with app.test_request_context():
        yield


def report_url(item) -> str:
    return f"/s/hematologie/signaler/{SLUGS[item.__tablename__]}/{item.id}"


def action_url(item, action) -> str:
    return f"{QUEUE}/{SLUGS[item.__tablename__]}/{item.id}/{action}"


# --- the service, the same for every kind ------------------------------------------------


@pytest.mark.usefixtures("request_context")
@pytest.mark.parametrize("kind", KINDS)
def test_report_hide_restore_tell_the_author_never_naming_the_reporter(kind, ward, people):
    item = make_item(kind, ward, people["author"], reviewed_at=utcnow())
    services.report(item, by=people["reporter"], reason="Propos blessants")
    db.session.commit()
    assert (item.report_count, item.reviewed_at) == (1, None)
    report = db.session.scalar(select(Report))
    assert (report.target_type, report.target_id, report.reporter_id) == (
        kind,
        item.id,
        people["reporter"].id,
    )
    told_moderators = db.session.scalars(
        select(Notification.person_id).where(Notification.kind == "moderation.reported")
    ).all()
    assert set(told_moderators) == {people["admin"].id, people["manager"].id}
    assert count(Notification, Notification.person_id == people["author"].id) == 0

    services.hide(item, by=people["admin"], reason="Propos irrespectueux ou blessants.")
    db.session.commit()
    assert item.hidden and item.hidden_by_id == people["admin"].id and item.hidden_at is not None
    services.restore(item, by=people["manager"])
    db.session.commit()
    assert not item.hidden and item.hidden_reason == "" and item.reviewed_at is not None

    notes = db.session.scalars(
        select(Notification).where(Notification.person_id == people["author"].id).order_by(Notification.id)
    ).all()
    assert [n.kind for n in notes] == ["moderation.hidden", "moderation.restored"]
    assert "Propos irrespectueux ou blessants." in notes[0].text
    for note in notes:
        assert "Julie" not in note.text and "Garnier" not in note.text  # the reporter is never named
        assert note.link
    actions = db.session.execute(
        select(AuditEntry.action, AuditEntry.target_type).order_by(AuditEntry.id)
    ).all()
    assert actions == [
        ("moderation.reported", kind),
        ("moderation.hidden", kind),
        ("moderation.restored", kind),
    ]
    assert count(PostIt) + count(Comment) + count(Event) == 1  # never deleted


@pytest.mark.usefixtures("request_context")
@pytest.mark.parametrize("kind", KINDS)
def test_keep_marks_as_seen_and_never_unhides(kind, ward, people):
    item = make_item(kind, ward, people["author"])
    services.report(item, by=people["reporter"], reason="Hors sujet")
    services.keep(item, by=people["admin"])
    db.session.commit()
    assert item.reviewed_at is not None and not item.hidden
    assert services.queue(ward).counts[kind] == 0
    services.hide(item, by=people["admin"], reason="Finalement hors charte.")
    db.session.commit()
    with pytest.raises(ConflictError, match="rétablissez-le"):
        services.keep(item, by=people["admin"])
    db.session.rollback()
    db.session.refresh(item)
    assert item.hidden
    assert count(AuditEntry, AuditEntry.action == "moderation.kept") == 1


BAD_INPUT = {
    "report of something already hidden": ("report_hidden", ConflictError, "déjà été masqué"),
    "restore of something visible": ("restore_visible", ConflictError, "déjà visible"),
    "a second report by the same person": ("report_twice", ConflictError, "déjà signalé"),
    "hide without a reason": ("hide_blank", DomainError, "Indiquez la raison"),
    "report without a reason": ("report_blank", DomainError, "Dites en quelques mots"),
    "report of one's own item": ("report_own", DomainError, "votre propre"),
    "a member hiding": ("member_hides", DomainError, "Seuls les administrateurs"),
}


def _bad(case, item, people):
    if case == "report_hidden":
        services.report(item, by=people["reporter"], reason="Encore")
    elif case == "restore_visible":
        services.restore(item, by=people["admin"])
    elif case == "report_twice":
        services.report(item, by=people["reporter"], reason="Deuxième fois")
    elif case == "hide_blank":
        services.hide(item, by=people["admin"], reason="   ")
    elif case == "report_blank":
        services.report(item, by=people["colleague"], reason=" ")
    elif case == "report_own":
        services.report(item, by=people["author"], reason="Je me trompe")
    else:
        services.hide(item, by=people["colleague"], reason="Je n'aime pas")


@pytest.mark.usefixtures("request_context")
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("label", list(BAD_INPUT))
def test_bad_input_is_refused_in_french_and_changes_nothing(kind, label, ward, people):
    case, error, message = BAD_INPUT[label]
    item = make_item(kind, ward, people["author"])
    if case == "report_twice":
        services.report(item, by=people["reporter"], reason="Première fois")
    if case == "report_hidden":
        services.hide(item, by=people["admin"], reason="Hors charte.")
    db.session.commit()
    before = snapshot(item)
    with pytest.raises(error, match=message):
        _bad(case, item, people)
    db.session.rollback()
    assert snapshot(item) == before


@pytest.mark.parametrize("kind", KINDS)
def test_bad_input_over_http_is_a_french_message_never_a_500(kind, login_as, ward, people):
    item = make_item(kind, ward, people["author"])
    reporter, admin = login_as(people["reporter"]), login_as(people["admin"])
    blank = reporter.post(report_url(item), {"reason": "  "}, htmx=True)
    assert blank.status_code == 422 and "Dites en quelques mots" in blank.get_data(as_text=True)
    assert reporter.post(report_url(item), {"reason": "Blessant"}, htmx=True).status_code == 200
    twice = reporter.post(report_url(item), {"reason": "Encore"}, htmx=True)
    assert twice.status_code == 409 and "déjà signalé" in twice.get_data(as_text=True)
    restore = admin.post(action_url(item, "retablir"), {"reason": ""}, htmx=True)
    assert restore.status_code == 409 and "déjà visible" in restore.get_data(as_text=True)
    no_reason = admin.post(action_url(item, "masquer"), {"reason": ""}, htmx=True)
    assert no_reason.status_code == 422 and "Choisissez la raison" in no_reason.get_data(as_text=True)
    other_blank = admin.post(action_url(item, "masquer"), {"reason": "other", "detail": ""}, htmx=True)
    assert other_blank.status_code == 422 and "Précisez la raison" in other_blank.get_data(as_text=True)
    db.session.refresh(item)
    assert not item.hidden and item.report_count == 1
    assert admin.post(action_url(item, "masquer"), {"reason": "respect"}, htmx=True).status_code == 200
    late = login_as(people["colleague"]).post(report_url(item), {"reason": "Trop tard"}, htmx=True)
    assert late.status_code == 409 and "déjà été masqué" in late.get_data(as_text=True)
    assert count(Report) == 1


# --- the one queue ------------------------------------------------------------------------


@pytest.mark.usefixtures("request_context")
def test_queue_counts_every_kind_and_lists_reported_first(login_as, ward, people):
    old = utcnow() - timedelta(days=40)
    for n in range(2):
        services.report(
            make_item("postit", ward, people["author"], f"Post-it signalé {n}", created_at=old),
            by=people["reporter"],
            reason=f"Raison {n}",
        )
    make_item("postit", ward, people["author"], "Post-it récent")
    make_item("postit", ward, people["author"], "Post-it ancien", created_at=old)
    services.report(
        make_item("comment", ward, people["author"], "Message signalé"), by=people["reporter"], reason="r"
    )
    make_item("comment", ward, people["author"], "Message tranquille")
    services.report(
        make_item("event", ward, people["author"], "Événement signalé"), by=people["reporter"], reason="r"
    )
    hidden = make_item("event", ward, people["author"], "Événement masqué")
    services.hide(hidden, by=people["admin"], reason="Hors charte.")
    db.session.commit()
    queue = services.queue(ward)
    assert queue.counts == {"postit": 3, "comment": 1, "event": 1}
    assert [e.item.id for e in queue.hidden] == [hidden.id]
    page = login_as(people["manager"]).get(QUEUE).get_data(as_text=True)
    assert "Post-it\u00a0: <strong>3</strong>" in page
    assert "Messages de discussion\u00a0: <strong>1</strong>" in page
    for shown in (
        "Post-it signalé 0",
        "Post-it récent",
        "Message signalé",
        "Événement signalé",
        "Événement masqué",
    ):
        assert shown in page
    assert "Post-it ancien" not in page and "Message tranquille" not in page
    assert page.index("Message signalé") < page.index("Post-it récent")  # reported first


def test_queue_actions_are_one_tap_htmx_fragments(login_as, ward, people):
    item = make_item("comment", ward, people["author"], "Un message limite")
    login_as(people["reporter"]).post(report_url(item), {"reason": "Blessant"})
    admin = login_as(people["admin"])
    hidden = admin.post(action_url(item, "masquer"), {"reason": "respect", "detail": "Merci."}, htmx=True)
    body = hidden.get_data(as_text=True)
    assert hidden.status_code == 200 and f'id="moderation-message-{item.id}"' in body
    assert "Rétablir" in body and "prévenu" in body and "<html" not in body
    restored = admin.post(action_url(item, "retablir"), {"reason": "Erreur"}, htmx=True)
    assert restored.status_code == 200 and "Masquer…" in restored.get_data(as_text=True)
    kept = admin.post(action_url(item, "garder"), htmx=True)
    assert kept.status_code == 200 and "gardé" in kept.get_data(as_text=True)
    db.session.refresh(item)
    assert not item.hidden and item.reviewed_at is not None


@pytest.mark.usefixtures("request_context")
def test_keep_all_keeps_only_the_calm_post_its(login_as, ward, people):
    calm = make_item("postit", ward, people["author"], "Calme")
    sensitive = make_item("postit", ward, people["author"], "Chambre 12", looks_sensitive=True)
    reported = make_item("comment", ward, people["author"], "Signalé")
    services.report(reported, by=people["reporter"], reason="x")
    db.session.commit()
    assert login_as(people["admin"]).post(f"{QUEUE}/garder-les-autres").status_code == 303
    for item, seen in ((calm, True), (sensitive, False), (reported, False)):
        db.session.refresh(item)
        assert (item.reviewed_at is not None) is seen


def test_who_may_report_and_moderate(login_as, make, ward, people):
    other_ward = make.ward("oncologie", "Oncologie")
    outsider = make.person(ward=other_ward)
    theirs = make_item("postit", other_ward, outsider, "Chez les voisins")
    item = make_item("event", ward, people["author"])
    member = login_as(people["colleague"])
    assert member.get(QUEUE).status_code == 403
    assert member.post(action_url(item, "masquer"), {"reason": "respect"}).status_code == 403
    assert login_as(outsider).get(QUEUE).status_code == 403
    assert login_as(outsider).post(report_url(item), {"reason": "x"}).status_code == 403
    admin = login_as(people["admin"])
    assert admin.post(f"/s/hematologie/signaler/post-it/{theirs.id}", {"reason": "x"}).status_code == 404
    assert admin.post(f"{QUEUE}/post-it/{theirs.id}/masquer", {"reason": "respect"}).status_code == 404
    assert admin.post(f"{QUEUE}/publication/{item.id}/garder").status_code == 404
    assert member.get(f"/s/hematologie/signaler/inconnu/{item.id}").status_code == 404
    assert login_as(people["author"]).get(report_url(item)).status_code == 403  # one's own
    page = member.get(report_url(item))
    assert page.status_code == 200 and "Signaler cet événement" in page.get_data(as_text=True)
    db.session.refresh(item)
    db.session.refresh(theirs)
    assert not item.hidden and not theirs.hidden and count(Report) == 0


def test_report_without_javascript_goes_back_to_the_item(login_as, ward, people):
    item = make_item("postit", ward, people["author"])
    http = login_as(people["reporter"])
    blank = http.post(report_url(item), {"reason": ""})
    assert blank.status_code == 422 and "Signaler ce post-it" in blank.get_data(as_text=True)
    done = http.post(report_url(item), {"reason": "Propos blessants"})
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/post-it/{item.id}")


@pytest.mark.usefixtures("request_context")
def test_deleting_a_post_it_forgets_its_reports(ward, people):
    item = make_item("postit", ward, people["author"], created_at=utcnow())
    services.report(item, by=people["reporter"], reason="x")
    postits.delete_postit(item, by=people["author"])
    db.session.commit()
    assert count(Report) == 0


def _fill(ward, people, n):
    for i in range(n):
        for kind in KINDS:
            item = make_item(kind, ward, people["author"], f"{kind} {i}")
            db.session.add(
                Report(
                    ward_id=ward.id,
                    target_type=kind,
                    target_id=item.id,
                    reporter_id=people["reporter"].id,
                    reason="r",
                )
            )
            item.report_count = 1
            if i % 2:
                item.hidden, item.hidden_at, item.hidden_by_id = True, utcnow(), people["admin"].id
                item.hidden_reason = "Hors charte."
    db.session.commit()


def test_queue_page_runs_a_fixed_number_of_queries(login_as, ward, people):
    http = login_as(people["admin"])
    counts = []
    for n in (2, 6):
        _fill(ward, people, n)
        with count_queries() as statements:
            response = http.get(QUEUE)
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 16, counts


# --- the migration keeps every report, both ways ------------------------------------------

ROWS_AT_0010 = [
    "INSERT INTO ward (id, slug, name, description, accepts_requests, created_at) "
    "VALUES (1, 'hema', 'Hémato', '', 0, '2026-11-01 08:00:00')",
    *(
        "INSERT INTO person (id, matricule, first_name, last_name, job, status, password_hash, "
        "is_platform_admin, must_change_password, session_version, created_at) "
        f"VALUES ({n}, 'M{n}', 'P{n}', 'N{n}', 'ide', 'active', 'x', 0, 0, 0, '2026-11-01 08:00:00')"
        for n in (1, 2, 3)
    ),
    "INSERT INTO postit (id, ward_id, author_id, kind, text, anonymous, looks_sensitive, status, answer, "
    "hidden, hidden_reason, created_at) VALUES (1, 1, 1, 'idea', 'Une idée', 0, 0, 'new', '', 0, '', "
    "'2026-11-02 08:00:00')",
    "INSERT INTO postit_support (id, postit_id, person_id, created_at) "
    "VALUES (1, 1, 2, '2026-11-02 09:00:00')",
    "INSERT INTO postit_report (id, postit_id, reporter_id, reason, created_at) "
    "VALUES (1, 1, 2, 'Blessant', '2026-11-02 10:00:00'), (2, 1, 3, 'Hors sujet', '2026-11-02 11:00:00')",
    "INSERT INTO comment (id, ward_id, target_type, target_id, author_id, body, created_at, hidden, "
    "hidden_reason, report_count) "
    "VALUES (1, 1, 'publication', 9, 1, 'Message', '2026-11-03 08:00:00', 0, '', 1)",
    "INSERT INTO comment_report (id, comment_id, reporter_id, reason, at, handled) "
    "VALUES (1, 1, 2, 'Limite', '2026-11-03 09:00:00', 1)",
    "INSERT INTO event (id, ward_id, author_id, uid, kind, title, description, place, starts_at, ends_at, "
    "all_day, cancelled, hidden, hidden_reason, report_count, sequence, created_at, updated_at) VALUES "
    "(1, 1, 1, 'u1', 'other', 'Fête', '', '', '2026-12-01 10:00:00', '2026-12-01 11:00:00', "
    "0, 0, 0, '', 1, 0, '2026-11-04 08:00:00', '2026-11-04 08:00:00')",
    "INSERT INTO event_report (id, event_id, reporter_id, reason, handled, at) "
    "VALUES (1, 1, 3, 'Pas pour nous', 0, '2026-11-04 09:00:00')",
]


def test_migration_0011_copies_reports_up_and_down(tmp_path):
    base = os.environ.get("TEST_MARIADB_URL")
    url, drop = _mariadb_database(base) if base else (f"sqlite:///{tmp_path / 'm.sqlite'}", lambda: None)

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    fresh = create_app(Config)
    try:
        with fresh.app_context():
            upgrade(revision="0010")
            with db.engine.begin() as connection:
                for statement in ROWS_AT_0010:
                    connection.execute(text(statement))
            upgrade(revision="0011")
            with db.engine.connect() as connection:
                reports = connection.execute(
                    text("SELECT target_type, target_id, reporter_id, reason FROM report ORDER BY id")
                ).all()
                assert sorted(reports) == [
                    ("comment", 1, 2, "Limite"),
                    ("event", 1, 3, "Pas pour nous"),
                    ("postit", 1, 2, "Blessant"),
                    ("postit", 1, 3, "Hors sujet"),
                ]
                assert connection.scalar(text("SELECT report_count FROM postit")) == 2
                # All of the comment's reports were handled: it was looked at; the event's were not.
                assert connection.scalar(text("SELECT reviewed_at FROM comment")) is not None
                assert connection.scalar(text("SELECT reviewed_at FROM event")) is None
            downgrade(revision="0010")
            with db.engine.connect() as connection:
                assert connection.scalar(text("SELECT COUNT(*) FROM postit_report")) == 2
                assert connection.execute(text("SELECT reason, handled FROM comment_report")).one() == (
                    "Limite",
                    1,
                )
                event_report = connection.execute(text("SELECT reason, handled FROM event_report")).one()
                assert tuple(event_report) == ("Pas pour nous", 0)
                assert connection.scalar(text("SELECT COUNT(*) FROM postit_support")) == 1  # no cascade
                assert connection.scalar(text("SELECT COUNT(*) FROM postit")) == 1
            db.engine.dispose()
    finally:
        drop()


@pytest.mark.parametrize("kind", ["comment", "event"])
def test_moderators_act_from_the_items_page_and_come_back_to_it(kind, login_as, ward, people):
    item = make_item(kind, ward, people["author"], "Pas très gentil")
    admin = login_as(people["admin"])
    with admin.raw.application.test_request_context():
        page_url = kinds.kind_of(item).page(item)
    page = admin.get(page_url.split("#")[0]).get_data(as_text=True)
    assert "Masquer (modération)" in page
    assert "Masquer (modération)" not in login_as(people["colleague"]).get(page_url.split("#")[0]).get_data(
        as_text=True
    )
    hidden = admin.post(action_url(item, "masquer"), {"reason": "respect", "retour": page_url})
    assert hidden.status_code == 303 and hidden.headers["Location"].endswith(page_url)
    db.session.refresh(item)
    assert item.hidden
    assert "Rétablir (modération)" in admin.get(page_url.split("#")[0]).get_data(as_text=True)
    elsewhere = admin.post(action_url(item, "retablir"), {"retour": "https://ailleurs.example/"})
    assert elsewhere.status_code == 303 and elsewhere.headers["Location"].endswith(QUEUE)
    db.session.refresh(item)
    assert not item.hidden
