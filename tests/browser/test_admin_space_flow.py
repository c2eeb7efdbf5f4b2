"""The ward admin space in a real browser at phone width (390 px): an admin, asked for her
password again, appoints a referent and a moderator label, warns a member, then suspends
her; the suspended member can read but her sign-up is refused with a clear message and her
place went to the next in line; the manager reads it all in the audit log in French and
lifts the suspension. axe clean on every page of the admin space it crosses."""

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.auth.services import refuse_request
from app.extensions import db
from app.models import JoinRequest, Membership, Person, Sanction, SignUp
from tests.browser.conftest import Page, axe_check, log_in
from tests.factories import PASSWORD, today

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SHOTS = str(Path(tempfile.gettempdir()) / "admin_space_{}.png")  # to look at the pages


@pytest.fixture
def scene(make):
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    thomas = make.person(ward=ward, matricule="910001", first_name="Thomas", last_name="Roux")
    julie = make.person(ward=ward, matricule="910002", first_name="Julie", last_name="Garnier")
    make.person(ward=ward, role="admin", matricule="910003", first_name="Nadia", last_name="Benali")
    make.person(ward=ward, role="manager", matricule="910004", first_name="Sophie", last_name="Marchand")
    massage = make.activity(ward, name="Massage minute")
    full = make.slot(massage, capacity=1)
    make.sign_up(full, thomas)
    make.sign_up(full, julie, status="waiting", waiting_seq=1)
    full.waiting_seq = 1
    free = make.slot(massage, capacity=3, starts_at=full.starts_at + timedelta(days=1))
    db.session.commit()
    return {"thomas": thomas, "julie": julie, "full": full, "free": free, "activity": massage}


def _phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True)
    return context, Page(context.new_page(), live_server)


def _confirm_password(page):
    page.wait_for_url("**/confirmer**")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_load_state()


def _clean(page, name):
    page.screenshot(path=SHOTS.format(name), full_page=True)
    assert axe_check(page) == [], name
    assert page.csp_violations == [], name


def test_admin_space_flow(browser, live_server, scene):
    thomas = scene["thomas"]
    context, admin = _phone(browser, live_server)
    log_in(admin, "910003")
    admin.goto("/s/hematologie/admin/membres")
    _confirm_password(admin)  # asked again, even right after the log-in
    assert admin.get_by_role("heading", name="Membres du service").is_visible()
    _clean(admin, "members")
    admin.get_by_role("link", name="Thomas Roux").click()
    admin.wait_for_load_state()
    _clean(admin, "member")
    admin.get_by_label("Activité", exact=True).select_option(label="Massage minute")
    admin.get_by_role("button", name="Désigner référent·e").click()
    assert admin.get_by_text("Thomas Roux est référent·e de « Massage minute ».").is_visible()
    admin.get_by_label("modérateur·rice").check()
    admin.get_by_role("button", name="Enregistrer les étiquettes").click()
    assert admin.get_by_text("Les étiquettes sont enregistrées.").is_visible()
    admin.get_by_label("Avertissement (gardé au dossier, sans restriction)").check()
    admin.get_by_label("Raison (la personne la recevra)").first.fill("Retards répétés aux transmissions")
    admin.get_by_role("button", name="Appliquer la sanction").click()
    assert admin.get_by_text("L'avertissement est donné. La personne est prévenue.").is_visible()
    admin.get_by_label("Suspension jusqu'à une date (lecture seule, inscriptions libérées)").check()
    admin.get_by_label("Raison (la personne la recevra)").first.fill("Propos blessants envers une collègue")
    admin.get_by_label("Jusqu'au (inclus), pour une suspension").fill(
        (today() + timedelta(days=7)).isoformat()
    )
    admin.get_by_role("button", name="Appliquer la sanction").click()
    assert admin.get_by_text("Cochez la case pour confirmer").first.is_visible()  # asked to confirm
    admin.get_by_label("Je confirme cette sanction").check()
    admin.get_by_role("button", name="Appliquer la sanction").click()
    assert admin.get_by_text("La suspension est en place").is_visible()
    _clean(admin, "member_suspended")
    context.close()

    db.session.rollback()  # a new read: see what the server committed
    membership = db.session.scalar(select(Membership).where(Membership.person_id == thomas.id))
    assert membership.label_codes == ["moderator"]
    assert (
        db.session.scalar(select(SignUp.status).where(SignUp.person_id == scene["julie"].id)) == "confirmed"
    )

    context, member = _phone(browser, live_server)
    log_in(member, "910001")
    member.goto("/s/hematologie/planning")
    assert member.get_by_text("vous pouvez tout lire").first.is_visible()  # she reads the planner
    _clean(member, "suspended_planner")
    card = member.locator(f"#creneau-{scene['free'].id}")
    card.get_by_role("button", name="S'inscrire").click()
    refusal = member.locator("#flashes").get_by_text("Vous êtes suspendu·e dans ce service")
    refusal.wait_for()
    assert refusal.is_visible()
    context.close()
    assert db.session.scalar(select(SignUp.id).where(SignUp.slot_id == scene["free"].id)) is None

    context, manager = _phone(browser, live_server)
    log_in(manager, "910004")
    manager.goto("/s/hematologie/admin/journal")
    _confirm_password(manager)
    journal = manager.locator("table.journal")
    for words in (
        "a désigné Thomas Roux référent·e de l'activité « Massage minute »",
        "a changé les étiquettes de Thomas Roux",
        "a averti Thomas Roux",
        "a suspendu Thomas Roux jusqu'au",
    ):
        assert journal.get_by_text(words).first.is_visible(), words
    _clean(manager, "journal")
    manager.goto(f"/s/hematologie/admin/membres/{thomas.id}")
    manager.get_by_label("Raison de la levée").fill("Excuses présentées à la collègue")
    manager.get_by_role("button", name="Lever maintenant").click()
    assert manager.get_by_text("La sanction est levée. La personne est prévenue.").is_visible()
    context.close()
    db.session.rollback()  # a new read: see what the server committed
    suspension = db.session.scalar(select(Sanction).where(Sanction.kind == "suspension"))
    assert suspension.lifted_at is not None and suspension.lift_reason == "Excuses présentées à la collègue"


def test_admin_pages_at_desktop_width(browser, live_server, scene):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = Page(context.new_page(), live_server)
    log_in(page, "910004")
    page.goto("/s/hematologie/admin/membres")
    _confirm_password(page)
    _clean(page, "members_desktop")
    page.goto(f"/s/hematologie/admin/membres/{scene['thomas'].id}")
    _clean(page, "member_desktop")
    page.goto("/s/hematologie/admin/journal")
    _clean(page, "journal_desktop")
    context.close()


def test_a_refused_applicant_sees_why_and_applies_again(browser, live_server, make):
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    admin = make.person(ward=ward, role="admin", first_name="Nadia")
    applicant = make.person(matricule="910009", status="pending", first_name="Inès", last_name="Morel")
    join = make.join_request(ward, applicant)
    refuse_request(join, by=admin, reason="Vous n'êtes pas encore dans l'équipe")
    db.session.commit()
    context, page = _phone(browser, live_server)
    log_in(page, "910009")
    assert page.get_by_text("Vous n'êtes pas encore dans l'équipe").is_visible()
    _clean(page, "refused_login")
    page.get_by_label("Un mot pour les administrateurs (facultatif)").fill("J'ai rejoint l'équipe de nuit")
    page.get_by_role("button", name="Envoyer ma nouvelle demande").click()
    assert page.get_by_role("heading", name="Demande envoyée").is_visible()
    context.close()
    db.session.rollback()
    statuses = sorted(
        db.session.scalars(select(JoinRequest.status).where(JoinRequest.person_id == applicant.id))
    )
    assert statuses == ["pending", "refused"]


def test_the_platform_admin_creates_a_ward_without_manager_then_appoints_one(browser, live_server, make):
    make.person(platform_admin=True, matricule="910100", first_name="Paul")
    make.person(matricule="910101", first_name="Claire", last_name="Dumas")
    db.session.commit()
    context, page = _phone(browser, live_server)
    log_in(page, "910100")
    page.goto("/plateforme/")
    page.get_by_label("Nom du service").fill("Cardiologie B")
    page.get_by_label("Adresse courte (dans l'URL /s/…)").fill("cardiologie-b")
    page.get_by_role("button", name="Créer l'espace").click()
    page.wait_for_load_state()
    assert page.get_by_text("sans cadre de soins : Cardiologie B").is_visible()
    _clean(page, "platform")
    box = page.locator("details.appoint", has_text="Cardiologie B")
    box.get_by_label("Matricule").fill("910101")
    box.get_by_label("Rôle").select_option("manager")
    box.get_by_role("button", name="Nommer").click()
    page.wait_for_load_state()
    assert page.get_by_text("Nomination faite dans « Cardiologie B »").is_visible()
    assert page.get_by_text("sans cadre de soins : Cardiologie B").count() == 0
    context.close()
    db.session.rollback()
    role = db.session.scalar(
        select(Membership.role)
        .join(Person, Person.id == Membership.person_id)
        .where(Person.matricule == "910101")
    )
    assert role == "manager"
