"""Sanctions: a warning kept, a suspension that lets one read but not write and ends by
itself, an exclusion; future sign-ups released to the next in line; notified, audited,
shown on /moi; lifted early with a reason; bad input refused in French (both engines)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import policies
from app.admin import sanctions
from app.core.errors import DomainError
from app.core.timefmt import utcnow
from app.extensions import db
from app.models import AuditEntry, Membership, Notification, Sanction, SignUp
from tests.conftest import changed_tables, db_fingerprint
from tests.factories import today


def _member_url(person, suffix=""):
    return f"/s/hematologie/admin/membres/{person.id}{suffix}"


def _suspend(client, person, *, days=3, reason="Propos blessants envers une collègue"):
    return client.post(
        _member_url(person, "/sanction"),
        {
            "kind": "suspension",
            "reason": reason,
            "until": (today() + timedelta(days=days)).isoformat(),
            "confirm": "y",
        },
    )


@pytest.fixture
def busy_slot(make, people, ward):
    """A full slot: Thomas has a place, Julie waits next in line."""
    activity = make.activity(ward)
    slot = make.slot(activity, capacity=1)
    make.sign_up(slot, people["thomas"])
    make.sign_up(slot, people["julie"], status="waiting", waiting_seq=1)
    slot.waiting_seq = 1
    db.session.commit()
    return slot


def test_a_warning_is_kept_notified_audited_and_restrains_nothing(login_as, people, ward):
    admin = login_as(people["admin"])
    response = admin.post(
        _member_url(people["thomas"], "/sanction"), {"kind": "warning", "reason": "Retards"}
    )
    assert response.status_code == 303
    warning = db.session.scalar(select(Sanction))
    assert (warning.kind, warning.reason, warning.by_id) == ("warning", "Retards", people["admin"].id)
    assert policies.can_write_in_ward(people["thomas"], ward)
    note = db.session.scalar(select(Notification).where(Notification.kind == "sanction.warning"))
    assert note.person_id == people["thomas"].id and note.link == "/moi"
    assert "avertissement" in note.text and "Retards" in note.text
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.target_type == "sanction")) == (
        "sanction.warning"
    )
    page = login_as(people["thomas"]).get("/moi").get_data(as_text=True)
    assert "Sanctions me concernant" in page and "Avertissement" in page and "Retards" in page
    lift = admin.post(
        _member_url(people["thomas"], f"/sanctions/{warning.id}/lever"), {"lift_reason": "Oubli"}
    )
    assert lift.status_code == 422 and "reste au dossier" in lift.get_data(as_text=True)


def test_a_suspension_lets_her_read_not_write_and_releases_her_places(login_as, people, ward, busy_slot):
    admin = login_as(people["admin"])
    assert _suspend(admin, people["thomas"]).status_code == 303
    thomas = login_as(people["thomas"])
    assert thomas.get("/s/hematologie/").status_code == 200
    assert thomas.get(f"/s/hematologie/planning/creneaux/{busy_slot.id}").status_code in (200, 404)
    # Her place went to the next in line, who is told.
    mine = db.session.scalar(select(SignUp).where(SignUp.person_id == people["thomas"].id))
    julies = db.session.scalar(select(SignUp).where(SignUp.person_id == people["julie"].id))
    assert (mine.status, julies.status) == ("cancelled", "confirmed")
    # A new sign-up is refused with a clear French message, nothing written.
    before = db_fingerprint(ignore=frozenset({"login_event"}))
    refused = thomas.post(f"/s/hematologie/planning/creneaux/{busy_slot.id}/inscription", {})
    assert refused.status_code == 403
    assert "suspendu·e dans ce service jusqu" in refused.get_data(as_text=True)
    assert changed_tables(before, db_fingerprint(ignore=frozenset({"login_event"}))) == []
    # htmx: the notice comes where the flashes are.
    inline = thomas.post(f"/s/hematologie/planning/creneaux/{busy_slot.id}/inscription", {}, htmx=True)
    assert inline.status_code == 409 and inline.headers["HX-Retarget"] == "#flashes"
    assert "vous pouvez tout lire" in inline.get_data(as_text=True)
    # The banner on every ward page, the policies too.
    assert "vous pouvez tout lire" in thomas.get("/s/hematologie/").get_data(as_text=True)
    assert not policies.can_write_in_ward(people["thomas"], ward)
    assert policies.can_view_ward(people["thomas"], ward)
    note = db.session.scalar(select(Notification).where(Notification.kind == "sanction.suspension"))
    assert note.person_id == people["thomas"].id and "inclus" in note.text
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "sanction.suspension"))
    assert '"released": 1' in entry.detail and entry.reason.startswith("Propos")


def test_a_suspension_ends_by_itself_at_its_date(make, people, ward):
    make.sanction(ward, people["thomas"], kind="suspension", until=utcnow() - timedelta(minutes=1))
    assert policies.can_write_in_ward(people["thomas"], ward)
    make.sanction(ward, people["julie"], kind="suspension", until=utcnow() + timedelta(minutes=5))
    assert not policies.can_write_in_ward(people["julie"], ward)


def test_a_suspended_admin_acts_as_a_reader(make, login_as, people, ward):
    make.sanction(ward, people["admin"], by=people["manager"], kind="suspension")
    assert not policies.can_administer_ward(people["admin"], ward)
    assert login_as(people["admin"]).get("/s/hematologie/admin/").status_code == 403


def test_lifting_a_suspension_early_gives_writing_back(login_as, people, ward):
    admin = login_as(people["admin"])
    _suspend(admin, people["thomas"])
    suspension = db.session.scalar(select(Sanction))
    no_reason = admin.post(_member_url(people["thomas"], f"/sanctions/{suspension.id}/lever"), {})
    assert no_reason.status_code == 422
    manager = login_as(people["manager"])
    response = manager.post(
        _member_url(people["thomas"], f"/sanctions/{suspension.id}/lever"), {"lift_reason": "Excuses faites"}
    )
    assert response.status_code == 303
    db.session.refresh(suspension)
    assert suspension.lifted_by_id == people["manager"].id and suspension.lift_reason == "Excuses faites"
    assert policies.can_write_in_ward(people["thomas"], ward)
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "sanction.lifted")) == 1
    again = manager.post(
        _member_url(people["thomas"], f"/sanctions/{suspension.id}/lever"), {"lift_reason": "Encore"}
    )
    assert again.status_code == 409


@pytest.mark.usefixtures("ward", "busy_slot")
def test_an_exclusion_closes_the_ward_and_the_sessions(login_as, people):
    version = people["thomas"].session_version
    thomas = login_as(people["thomas"])
    admin = login_as(people["admin"])
    response = admin.post(
        _member_url(people["thomas"], "/sanction"),
        {"kind": "exclusion", "reason": "Harcèlement", "confirm": "y"},
    )
    assert response.status_code == 303
    membership = db.session.scalar(select(Membership).where(Membership.person_id == people["thomas"].id))
    db.session.refresh(people["thomas"])
    assert membership.status == "excluded" and people["thomas"].session_version == version + 1
    assert thomas.get("/s/hematologie/").status_code == 302  # the old session is gone
    assert login_as(people["thomas"]).get("/s/hematologie/").status_code == 403
    julies = db.session.scalar(select(SignUp).where(SignUp.person_id == people["julie"].id))
    assert julies.status == "confirmed"
    exclusion = db.session.scalar(select(Sanction))
    lifted = admin.post(
        _member_url(people["thomas"], f"/sanctions/{exclusion.id}/lever"), {"lift_reason": "Erreur"}
    )
    assert lifted.status_code == 303
    db.session.refresh(membership)
    assert membership.status == "active"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "suspension", "reason": "x", "until": "2020-01-01", "confirm": "y"}, "dans le futur"),
        ({"kind": "suspension", "reason": "x", "confirm": "y"}, "jusqu&#39;à quand"),
        ({"kind": "suspension", "reason": "", "until": "2099-01-01", "confirm": "y"}, "Indiquez la raison"),
        ({"kind": "suspension", "reason": "x", "until": "2099-01-01"}, "Cochez la case"),
        ({"kind": "exclusion", "reason": "   "}, "Indiquez la raison"),
        ({"kind": "bannissement", "reason": "x"}, "pas un choix valide"),
        ({"kind": "suspension", "reason": "x", "until": "pas une date", "confirm": "y"}, "date"),
    ],
)
def test_bad_sanctions_change_nothing(login_as, people, data, message):
    admin = login_as(people["admin"])
    before = db_fingerprint()
    response = admin.post(_member_url(people["thomas"], "/sanction"), data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page or message.lower() in page.lower()
    assert changed_tables(before, db_fingerprint()) == []


@pytest.mark.usefixtures("ward", "other_ward")
def test_nobody_sanctions_themselves_and_admins_not_the_manager(login_as, people):
    admin = login_as(people["admin"])
    before = db_fingerprint()
    own = admin.post(_member_url(people["admin"], "/sanction"), {"kind": "warning", "reason": "x"})
    assert own.status_code == 422 and "vous-même" in own.get_data(as_text=True)
    boss = admin.post(_member_url(people["manager"], "/sanction"), {"kind": "warning", "reason": "x"})
    assert boss.status_code == 422 and "sanctionne la cadre" in boss.get_data(as_text=True)
    stranger = admin.post(_member_url(people["outsider"], "/sanction"), {"kind": "warning", "reason": "x"})
    assert stranger.status_code == 404
    assert changed_tables(before, db_fingerprint()) == []


def test_the_service_refuses_what_the_form_would_not_send(people, ward):
    with pytest.raises(DomainError, match="futur"):
        sanctions.give_sanction(
            ward, people["thomas"], by=people["admin"], kind="suspension", reason="x", until=utcnow()
        )
    with pytest.raises(DomainError, match="un an"):
        sanctions.give_sanction(
            ward,
            people["thomas"],
            by=people["admin"],
            kind="suspension",
            reason="x",
            until=utcnow() + timedelta(days=400),
        )
    with pytest.raises(DomainError, match="dernière administrateur"):
        sanctions.give_sanction(ward, people["admin"], by=people["manager"], kind="exclusion", reason="x")
    db.session.rollback()
