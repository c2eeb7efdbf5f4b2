"""In a real browser: a good deal goes through the whole validation circuit to the feed."""

import pytest

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


@pytest.mark.usefixtures("team")
def test_good_deal_through_the_circuit_to_the_feed(phone_page):
    page = phone_page
    log_in(page, "900003")
    page.goto("/s/hematologie/")
    page.get_by_role("link", name="Proposer une publication").click()
    assert axe_check(page) == []
    page.get_by_label("Type").select_option("deal")
    page.get_by_label("Titre").fill("Tisanes offertes")
    page.get_by_label("Texte").fill("Dans le placard.\n\n<script>document.title='piraté'</script>")
    page.get_by_role("button", name="Envoyer pour validation").click()
    page.wait_for_load_state()
    assert page.get_by_text("attend la validation").is_visible()
    detail_url = page.url
    _log_out(page)

    log_in(page, "900002")
    page.goto(detail_url.split(page.base_url)[1])
    assert axe_check(page) == []
    page.get_by_label("Message").fill("Précisez le bâtiment, s'il vous plaît.")
    page.get_by_role("button", name="Renvoyer pour retouches").click()
    page.wait_for_load_state()
    assert page.get_by_text("Renvoyée à l'auteur").is_visible()
    _log_out(page)

    log_in(page, "900003")
    page.goto(detail_url.split(page.base_url)[1])
    assert page.get_by_text("Précisez le bâtiment").first.is_visible()
    page.get_by_role("link", name="Modifier").click()
    page.get_by_label("Texte").fill(
        "Bâtiment B, placard du haut.\n\n<script>document.title='piraté'</script>"
    )
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    _log_out(page)

    log_in(page, "900002")
    page.goto(detail_url.split(page.base_url)[1])
    page.get_by_label("Message").fill("Droit à l'image ?")
    page.get_by_role("button", name="Demander l'avis de la cadre").click()
    page.wait_for_load_state()
    _log_out(page)

    log_in(page, "900001")
    page.goto(detail_url.split(page.base_url)[1])
    assert page.get_by_role("heading", name="Votre décision de cadre").is_visible()
    page.get_by_role("button", name="Publier").click()
    page.wait_for_load_state()
    assert page.get_by_text("La publication est en ligne").is_visible()
    assert page.title() != "piraté"  # the typed script never ran
    assert page.locator(".prose script").count() == 0
    page.get_by_label("Votre message").fill("Merci pour le bon plan !")
    page.get_by_role("button", name="Envoyer").click()
    page.locator(".comment").filter(has_text="Merci pour le bon plan !").wait_for()
    assert page.url == detail_url  # the message arrived without a reload
    assert axe_check(page) == []

    page.goto("/s/hematologie/")
    assert page.get_by_role("link", name="Tisanes offertes").is_visible()
    assert axe_check(page) == []
    assert page.csp_violations == []
