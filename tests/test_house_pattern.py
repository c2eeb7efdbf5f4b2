"""The smaller features follow the house pattern: their services decide and write (and are
tested here directly), their views hold no queries, no role tests and no commits; the people
told about a ward's admin matters are one function; stored links come from the routes."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from flask import url_for
from sqlalchemy import func, select

from app.admin import services as admin_services
from app.core.errors import DomainError
from app.core.links import link_to
from app.core.timefmt import utcnow
from app.directory import services as directory
from app.documents import services as documents
from app.extensions import db
from app.models import (
    Activity,
    AuditEntry,
    ContactMessage,
    Document,
    GuideProgress,
    Membership,
    Notification,
    Slot,
)
from app.people_to_tell import ward_leaders, ward_managers
from app.platform import services as platform
from app.posters import services as posters
from app.public import services as public

ROOT = Path(__file__).resolve().parent.parent
THIN_VIEWS = [
    "app/directory/routes.py",
    "app/public/routes.py",
    "app/admin/routes.py",
    "app/documents/routes.py",
    "app/platform/routes.py",
    "app/posters/routes.py",
    "app/admin/member_views.py",
    "app/admin/journal_views.py",
]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def team(make):
    ward = make.ward("hematologie")
    other = make.ward("cardio")
    return {
        "ward": ward,
        "other": other,
        "admin": make.person(ward=ward, role="admin", last_name="Alpha"),
        "manager": make.person(ward=ward, role="manager", last_name="Zulu"),
        "member": make.person(ward=ward),
        "elsewhere": make.person(ward=other, role="admin"),
        "former": make.person(ward=ward, role="admin"),
    }


def _leave(person, ward) -> None:
    membership = db.session.scalar(
        select(Membership).where(Membership.person_id == person.id, Membership.ward_id == ward.id)
    )
    membership.status = "suspended"
    db.session.commit()


# --- people to tell -----------------------------------------------------------------------------


def test_ward_leaders_are_the_manager_then_the_admins_of_this_ward(team):
    _leave(team["former"], team["ward"])
    assert [p.id for p in ward_leaders(team["ward"])] == [team["manager"].id, team["admin"].id]
    assert [p.id for p in ward_managers(team["ward"])] == [team["manager"].id]
    assert [p.id for p in ward_leaders(team["other"])] == [team["elsewhere"].id]


def test_an_access_request_tells_the_ward_leaders_with_a_link_to_the_requests(team, client):
    _leave(team["former"], team["ward"])
    response = client.post(
        "/inscription",
        {
            "ward": "hematologie",
            "matricule": "ABC123",
            "first_name": "Louise",
            "last_name": "Martin",
            "job": "ide",
            "password": "un goéland sur la passerelle du bloc",
        },
    )
    assert response.status_code == 200
    notes = db.session.scalars(select(Notification).where(Notification.kind == "join.requested")).all()
    assert sorted(n.person_id for n in notes) == sorted([team["admin"].id, team["manager"].id])
    assert {n.link for n in notes} == {"/s/hematologie/admin/demandes"}


# --- directory: contact messages ------------------------------------------------------------------


def test_contact_message_is_kept_told_to_the_leaders_and_audited(team):
    message = directory.send_contact_message(
        team["ward"], by=team["member"], subject=" Un coin sieste ? ", body="Pour les gardes de nuit."
    )
    db.session.commit()
    assert message.subject == "Un coin sieste ?"
    notes = db.session.scalars(select(Notification).where(Notification.kind == "contact.message")).all()
    assert sorted(n.person_id for n in notes) == sorted(
        [team["admin"].id, team["manager"].id, team["former"].id]
    )
    assert {n.link for n in notes} == {"/s/hematologie/admin/messages"}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "contact.sent"))
    assert (entry.actor_id, entry.ward_id, entry.target_id) == (
        team["member"].id,
        team["ward"].id,
        message.id,
    )
    assert "sieste" not in entry.detail  # the message itself stays out of the log


@pytest.mark.parametrize(
    ("subject", "body", "field", "text"),
    [
        ("  ", "Bonjour", "subject", "Donnez un objet à votre message."),
        ("Idée", "   ", "body", "Écrivez votre message."),
        ("x" * 121, "Bonjour", "subject", "120 caractères au plus."),
        ("Idée", "x" * 2001, "body", "2\u00a0000 caractères au plus."),
    ],
)
def test_contact_message_refused_in_french(team, subject, body, field, text):
    with pytest.raises(DomainError) as refused:
        directory.send_contact_message(team["ward"], by=team["member"], subject=subject, body=body)
    assert (refused.value.field, refused.value.message) == (field, text)
    db.session.rollback()
    assert _count(ContactMessage) == _count(Notification) == _count(AuditEntry) == 0


def test_contact_form_writes_through_the_service(team, login_as):
    response = login_as(team["member"]).post(
        "/s/hematologie/membres/", {"subject": "Une idée", "body": "Un café le jeudi ?"}
    )
    assert response.status_code == 303
    assert _count(ContactMessage) == 1
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "contact.sent"))


def test_directory_lists_leads_manager_first(team):
    found = directory.directory(team["ward"])
    assert [p.id for p, _ in found.leads] == [team["manager"].id, team["admin"].id, team["former"].id]
    assert len(found.rows) == 4  # the member too; nobody from the other ward


# --- admin: messages handled --------------------------------------------------------------------


def test_a_message_handled_then_reopened_is_audited_both_ways(team):
    message = directory.send_contact_message(team["ward"], by=team["member"], subject="Objet", body="Texte")
    db.session.commit()
    assert admin_services.toggle_handled(message, by=team["admin"]) is True
    assert message.handled_by_id == team["admin"].id
    assert admin_services.toggle_handled(message, by=team["manager"]) is False
    assert message.handled_at is None and message.handled_by_id is None
    db.session.commit()
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.action.like("contact.%")).order_by(AuditEntry.id)
    ).all()
    assert actions == ["contact.sent", "contact.handled", "contact.reopened"]


def test_admin_lookups_stay_inside_their_ward(team):
    message = directory.send_contact_message(team["ward"], by=team["member"], subject="Objet", body="Texte")
    db.session.commit()
    assert admin_services.message_in(team["ward"], message.id) is message
    assert admin_services.message_in(team["other"], message.id) is None
    assert admin_services.contact_messages(team["other"]) == []


# --- documents ------------------------------------------------------------------------------------


def test_documents_lookup_skips_other_wards_and_archived_ones(team):
    listed = documents.upload(
        team["ward"],
        by=team["admin"],
        title="",
        category="charters",
        filename="charte.pdf",
        data=b"%PDF-1.4 x",
    )
    gone = documents.upload(
        team["ward"],
        by=team["admin"],
        title="Ancienne",
        category="other",
        filename="a.pdf",
        data=b"%PDF-1.4 y",
    )
    documents.archive(gone, by=team["admin"], ward=team["ward"])
    db.session.commit()
    assert documents.document_in(team["ward"], listed.id) is listed
    assert documents.document_in(team["other"], listed.id) is None
    assert documents.document_in(team["ward"], gone.id) is None
    assert documents.listed(team["ward"]) == {"charters": [listed]}
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["document.uploaded", "document.uploaded", "document.archived"]


def test_a_refused_upload_adds_nothing(team):
    with pytest.raises(DomainError) as refused:
        documents.upload(
            team["ward"], by=team["admin"], title="", category="other", filename="x.exe", data=b"MZ\x90\x00"
        )
    assert refused.value.field == "file"
    db.session.rollback()
    assert _count(Document) == 0


# --- public: guide progress -----------------------------------------------------------------------


def test_ticking_a_guide_item_twice_unticks_it(team):
    person = team["member"]
    assert public.toggle_item(person, "animer", "a1") is True
    db.session.commit()
    assert public.ticked(person, "animer") == {"a1"}
    assert public.progress_counts(person) == {"animer": 1}
    assert public.ticked(team["admin"], "animer") == set()  # nobody else's progress
    assert public.toggle_item(person, "animer", "a1") is False
    db.session.commit()
    assert _count(GuideProgress) == 0


def test_spaces_of_a_person(team, make):
    make.join_request(team["other"], team["member"])
    spaces = public.spaces_of(team["member"])
    assert [w.slug for w, _ in spaces.mine] == ["hematologie"]
    assert [w.slug for w in spaces.pending] == ["cardio"]
    assert spaces.others == []
    assert public.first_ward_slug(team["member"]) == "hematologie"


# --- platform and posters ---------------------------------------------------------------------------


def test_platform_overview_counts_active_members(team):
    _leave(team["former"], team["ward"])
    wards, counts = platform.wards_overview()
    assert [w.slug for w in wards] == ["cardio", "hematologie"]
    assert counts == {team["ward"].id: 3, team["other"].id: 1}


@pytest.mark.usefixtures("team")
def test_new_ward_appointments_link_to_the_ward_home(make):
    boss = make.person()
    ward = platform.create_ward(
        name="Pédiatrie", slug="pediatrie", description="", manager=boss.matricule, admins=[], by=boss
    )
    db.session.commit()
    note = db.session.scalar(select(Notification).where(Notification.person_id == boss.id))
    assert note.link == "/s/pediatrie/"
    assert ward.slug == "pediatrie"


def test_a_poster_shows_the_next_six_open_slots(team):
    activity = Activity(ward_id=team["ward"].id, name="Massage minute", status="active")
    db.session.add(activity)
    db.session.flush()
    now = utcnow()
    for hours in (-2, *range(1, 9)):
        starts = now + timedelta(hours=hours)
        db.session.add(
            Slot(
                ward_id=team["ward"].id,
                activity_id=activity.id,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=20),
                capacity=3,
                status="frozen" if hours == 1 else "open",
            )
        )
    db.session.commit()
    slots = posters.next_open_slots(activity)
    assert len(slots) == posters.SLOTS_ON_A_POSTER == 6
    assert all(s.status == "open" and s.starts_at > now for s in slots)
    assert slots == sorted(slots, key=lambda s: s.starts_at)
    assert posters.activity_in(team["other"], activity.id) is None


# --- the pattern itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", THIN_VIEWS)
def test_views_hold_no_queries_role_tests_or_commits(path):
    source = (ROOT / path).read_text()
    for forbidden in ("db.session", "select(", "ADMIN_ROLES", ".role ", ".role==", "commit()"):
        assert forbidden not in source, f"{path}: {forbidden}"


def test_no_link_is_written_as_a_path_by_hand():
    hand_written = re.compile(r"""f["'][^"']*/s/\{""")
    for path in (ROOT / "app").rglob("*.py"):
        assert not hand_written.search(path.read_text()), path


def test_link_to_is_url_for_inside_and_outside_a_request(app):
    values = {"ward_slug": "hematologie", "semaine": "2026-W48"}
    outside = link_to("planner.week", **values)
    with app.test_request_context():
        assert link_to("planner.week", **values) == url_for("planner.week", **values) == outside
    assert outside == "/s/hematologie/planning/?semaine=2026-W48"
