"""Playwright driving Debian's Chromium (/usr/bin/chromium): no browser download here.

`page` is a fresh browser context per test; `axe_check(page)` runs axe-core (from its npm
package) on the page and returns the violations; CSP violations are collected too.
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from app.extensions import db
from tests.factories import PASSWORD

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _chromium() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.exit("Chromium is missing: `make test` installs Debian's chromium package.", returncode=3)
    return path


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=_chromium(),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


class Page:
    """A Playwright page plus what the browser complained about."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.csp_violations = []
        self.console_errors = []
        page.on("console", self._on_console)

    def _on_console(self, message):
        if message.type == "error":
            text = message.text
            if "Content Security Policy" in text or "Content-Security-Policy" in text:
                self.csp_violations.append(text)
            else:
                self.console_errors.append(text)

    def goto(self, path):
        return self.page.goto(self.base_url + path)

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    wrapped = Page(context.new_page(), live_server)
    yield wrapped
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True)
    wrapped = Page(context.new_page(), live_server)
    yield wrapped
    context.close()


def axe_check(page) -> list:
    """axe-core's violations on the current page (WCAG 2.1 A and AA rules)."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    assert result["passes"], "axe ran no rule: the check would prove nothing"
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}×) {v['nodes'][0]['target']}" for v in result["violations"]
    ]


def log_in(page, matricule: str, password: str = PASSWORD):
    """Log in through the real form, as a person would."""
    page.goto("/connexion")
    page.get_by_label("Matricule").fill(matricule)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


@pytest.fixture
def commit():
    """Browser tests run the app in another thread: commit what the test set up."""

    def _commit():
        db.session.commit()

    return _commit


def confirm_password_if_asked(page, password: str = PASSWORD):
    """The admin space asks the password again at its first visit of a session."""
    if "/confirmer" in page.url:
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Continuer").click()
        page.wait_for_load_state()
