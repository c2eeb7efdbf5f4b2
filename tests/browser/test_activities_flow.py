"""In a real browser, on a phone: a member proposes in steps, an admin forwards, the manager
authorises then stops the activity in an emergency; the history shows all of it."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import VigilanceItem
from tests.browser.conftest import axe_check, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def team(make):
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    return {
        "member": make.person(ward=ward, matricule="900003", first_name="Thomas"),
        "admin": make.person(ward=ward, role="admin", matricule="900002", first_name="Nadia"),
        "manager": make.person(ward=ward, role="manager", matricule="900001", first_name="Sophie"),
    }


def _log_out(page):
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()


def _next(page):
    page.get_by_role("button", name="Enregistrer et continuer →").click()
    page.wait_for_load_state()


@pytest.mark.usefixtures("team")
def test_proposal_to_emergency_stop(phone_page):
    page = phone_page
    log_in(page, "900003")
    page.goto("/s/hematologie/activites/")
    page.get_by_role("link", name="Proposer une activité").first.click()
    assert axe_check(page) == []
    page.get_by_label("Nom de l'activité").fill("Massage minute")
    page.get_by_label("En une phrase").fill("Dix minutes de massage assis à la pause.")
    page.get_by_label("Déroulement").fill("Sur la chaise de massage, habillé, sans huile.")
    _next(page)
    assert page.get_by_text("Brouillon enregistré").is_visible()
    page.get_by_label("Durée habituelle, en minutes").fill("10")
    page.get_by_label("Moment visé").select_option("day_14h")
    assert axe_check(page) == []
    _next(page)
    page.get_by_label("Lieu", exact=True).fill("Salle de pause")
    _next(page)
    page.get_by_label("Réglementation et cadre").fill("Deux personnes par créneau au plus.")
    _next(page)
    assert axe_check(page) == []
    for item in db.session.scalars(select(VigilanceItem)):
        page.locator(f"input[name='v-{item.id}'][value='addressed']").check()
    _next(page)
    assert axe_check(page) == []
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.wait_for_load_state()
    assert page.get_by_text("Proposition envoyée aux administrateurs.").is_visible()
    activity_url = page.url.split(page.base_url)[1]
    _log_out(page)

    log_in(page, "900002")
    page.goto(activity_url)
    page.get_by_role("button", name="Transmettre à la cadre").click()
    page.get_by_text("Transmise à la cadre de soins.").first.wait_for()  # htmx, no reload
    assert axe_check(page) == []
    _log_out(page)

    log_in(page, "900001")
    page.goto(activity_url)
    page.get_by_role("button", name="Autoriser l'activité").click()
    page.get_by_text("Activité autorisée : elle est active.").wait_for()
    page.get_by_role("button", name="Arrêt d'urgence").click()
    page.get_by_text("L'arrêt d'urgence demande une justification.").first.wait_for()  # refused without one
    page.get_by_label("Justification de l'arrêt d'urgence").fill("Épidémie dans le service : on suspend.")
    page.get_by_role("button", name="Arrêt d'urgence").click()
    page.get_by_text("Arrêt d'urgence enregistré").wait_for()
    page.reload()
    page.get_by_text("Historique").click()
    history = page.locator(".timeline").inner_text()
    for step in (
        "Proposée",
        "Transmise à la cadre",
        "Autorisée",
        "Arrêt d'urgence",
        "Épidémie dans le service",
    ):
        assert step in history
    assert axe_check(page) == []
    assert page.csp_violations == []
