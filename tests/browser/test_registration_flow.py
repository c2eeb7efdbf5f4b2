"""Asking for access on a phone: a refused form comes back with every error at once and the
password still typed in the field, though the server never sends it back."""

import pytest

from tests.browser.conftest import axe_check

pytestmark = pytest.mark.browser

TYPED = "tisane au jardin des internes"


@pytest.fixture
def ward(make):
    return make.ward("hematologie", "Hématologie – Soins intensifs")


@pytest.mark.usefixtures("ward")
def test_a_refused_request_keeps_the_password_in_the_browser_only(phone_page):
    answers = []
    phone_page.on(
        "response",
        lambda response: answers.append(response.text()) if "/inscription" in response.url else None,
    )
    phone_page.goto("/inscription")
    phone_page.get_by_label("Service").select_option("hematologie")
    phone_page.get_by_label("Matricule").fill("765432")
    phone_page.get_by_label("Nom", exact=True).fill("Morel")  # the first name is left out on purpose
    phone_page.get_by_label("Mot de passe", exact=True).fill(TYPED)
    phone_page.get_by_role("button", name="Envoyer ma demande").click()
    phone_page.locator("[aria-invalid=true]").first.wait_for()
    assert phone_page.url.endswith("/inscription")
    assert phone_page.get_by_label("Mot de passe", exact=True).input_value() == TYPED  # kept by the page
    assert phone_page.get_by_label("Matricule").input_value() == "765432"
    assert answers and all(TYPED not in body for body in answers)  # never echoed by the server
    assert axe_check(phone_page) == []
    phone_page.get_by_label("Prénom").fill("Inès")
    phone_page.get_by_label("Métier").select_option(index=1)
    assert phone_page.get_by_label("Mot de passe", exact=True).input_value() == TYPED  # still there
    phone_page.get_by_role("button", name="Envoyer ma demande").click()
    phone_page.get_by_role("heading", name="Demande envoyée").wait_for()
    assert phone_page.csp_violations == []
