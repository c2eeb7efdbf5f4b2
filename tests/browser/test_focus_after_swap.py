"""With the keyboard: after an htmx swap (a post-it +1, a "Merci" on a publication, a week
changed) the focus stays on the same control of the same item, never back on the page."""

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def scene(make):
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    thomas = make.person(ward=ward, matricule="900003", first_name="Thomas")
    julie = make.person(ward=ward, matricule="900004", first_name="Julie")
    postit = make.postit(ward, julie, text="Une bouilloire pour la pause de nuit")
    publication = make.publication(ward, julie, title="Bienvenue à Inès")
    return {"thomas": thomas, "postit": postit, "publication": publication}


def _focused_id(page) -> str:
    return page.evaluate("() => document.activeElement ? document.activeElement.id : ''")


def _press_on(page, selector: str) -> None:
    page.focus(selector)
    page.keyboard.press("Enter")


def test_a_postit_plus_one_keeps_the_focus_on_its_button(page, scene):
    log_in(page, "900003")
    page.goto("/s/hematologie/post-it/")
    button = f"#soutien-{scene['postit'].id}"
    _press_on(page, button)
    page.locator(f"{button}[aria-pressed='true']").wait_for()
    page.locator(f"{button}:focus").wait_for()
    assert _focused_id(page) == f"soutien-{scene['postit'].id}"
    page.locator(f"#postit-{scene['postit'].id}:not(.htmx-settling)").wait_for()
    page.keyboard.press("Enter")  # and back, still there
    page.locator(f"{button}[aria-pressed='false']:focus").wait_for()


def test_thanks_on_a_publication_keeps_the_focus(page, scene):
    log_in(page, "900003")
    page.goto(f"/s/hematologie/publications/{scene['publication'].id}")
    form = f"#merci-{scene['publication'].id}"
    _press_on(page, f"{form} button")
    page.locator(f"{form} button[aria-pressed='true']:focus").wait_for()


def test_changing_week_keeps_the_focus_on_the_week_link(page, scene):
    log_in(page, "900003")
    page.goto("/s/hematologie/planning/")
    _press_on(page, "[data-focus='week-next']")
    page.locator("[data-focus='week-next']:focus").wait_for()
    assert "Semaine du" in page.locator("#semaine h2").inner_text()
    assert scene["thomas"].id
