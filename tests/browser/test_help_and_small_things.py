"""In a browser: a tool's first-visit explanation is closed for good, a proposal's step
with unsaved changes asks before leaving, the charter shown in a slot can be closed."""

import re

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def scene(make):
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    member = make.person(ward=ward, matricule="900003", first_name="Thomas")
    yoga = make.activity(ward, name="Yoga", responsibility_charter="- venir à l'heure\n- prévenir")
    return {"member": member, "slot": make.slot(yoga)}


@pytest.mark.usefixtures("scene")
def test_the_first_visit_explanation_is_closed_for_good(page):
    log_in(page, "900003")
    page.goto("/s/hematologie/planning/")
    intro = page.locator("[data-intro='planning']")
    assert intro.is_visible()
    intro.get_by_role("button", name="J'ai compris").click()
    assert intro.count() == 0
    assert page.evaluate("() => document.activeElement.id") == "contenu"
    page.reload()
    assert page.locator("[data-intro='planning']").count() == 0


@pytest.mark.usefixtures("scene")
def test_leaving_a_step_with_unsaved_changes_asks_first(page):
    log_in(page, "900003")
    page.goto("/s/hematologie/activites/proposer")
    page.get_by_label("Nom de l'activité").fill("Petit-déjeuner partagé")
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    page.locator(".ward-tabs").get_by_role("link", name="Agenda").click()
    assert questions == ["Vos modifications de cette étape ne sont pas enregistrées. Quitter quand même ?"]
    assert page.url.endswith("/activites/proposer")
    assert page.get_by_label("Nom de l'activité").input_value() == "Petit-déjeuner partagé"


def test_the_charter_shown_in_a_slot_can_be_closed(page, scene):
    log_in(page, "900003")
    page.goto("/s/hematologie/planning/")
    card = page.locator(f"#creneau-{scene['slot'].id}")
    card.get_by_role("button", name=re.compile("^S'inscrire")).click()
    card.get_by_text("venir à l'heure").wait_for()
    card.get_by_role("button", name=re.compile("^Fermer la charte")).click()
    card.locator(".charter-box").wait_for(state="detached")
    card.get_by_role("button", name=re.compile("^S'inscrire")).wait_for()
