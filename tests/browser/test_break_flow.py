"""The 20-minute break, in headless Chromium.

On a 390×844 phone a member logs in and lands in her ward, reaches "Pendant ma pause" and
signs up to a slot of her shift in two taps from the ward home, with every ward tab on
screen; with the keyboard alone she signs up and cancels with the focus staying on the slot
(key presses counted); axe finds nothing. On the ward workstation the week grid overflows
no column at 1024, 1280 and 1366 px."""

import os
import re
from datetime import datetime, time, timedelta

import pytest

from app.core.timefmt import PARIS, to_paris, utcnow
from app.extensions import db
from app.models import Shift
from app.planner import services as planner
from tests.browser.conftest import Page, axe_check, log_in

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
SHOTS = os.environ.get("SHOTS")  # a folder: screenshots of each screen, to look at them


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE_390, locale="fr-FR", is_mobile=True, has_touch=True)
    wrapped = Page(context.new_page(), live_server)
    yield wrapped
    context.close()


@pytest.fixture
def scene(make):
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    member = make.person(ward=ward, matricule="900003", first_name="Thomas")
    admin = make.person(ward=ward, matricule="900002", first_name="Nadia", role="admin")
    local = to_paris(utcnow())
    # Her shift is in progress, whatever the hour of the run (it may cross midnight).
    make.shift(
        ward,
        "jour",
        (local - timedelta(hours=1)).time().replace(second=0, microsecond=0),
        (local + timedelta(hours=6)).time().replace(second=0, microsecond=0),
        breaks="",
    )
    massage = make.activity(ward, name="Massage minute", place="Salle de pause")
    sophro = make.activity(ward, name="Sophrologie", place="Salle de réunion")
    soon = make.slot(massage, starts_at=utcnow() + timedelta(minutes=40), capacity=3)
    later = make.slot(sophro, starts_at=utcnow() + timedelta(minutes=120), capacity=1)
    return {"ward": ward, "member": member, "admin": admin, "soon": soon, "later": later, "massage": massage}


def _tabs_fit(page) -> list[str]:
    """The ward tabs that are not entirely on screen (none, when the bar wraps)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.ward-tabs a')]
            .filter(a => { const r = a.getBoundingClientRect();
                           return r.left < 0 || r.right > window.innerWidth || r.width === 0; })
            .map(a => a.textContent.trim())"""
    )


def test_from_log_in_to_a_sign_up_in_two_taps_from_the_ward_home(phone, scene):
    page = phone
    log_in(page, "900003")
    assert page.url.endswith("/s/hematologie/")  # she lands in her ward
    tabs = page.locator(".ward-tabs a")
    assert tabs.count() == 8  # Tableau, Ma pause, Activités, Planning, Post-it, Agenda, Membres, Documents
    assert _tabs_fit(page) == []
    assert page.locator('.ward-tabs a[aria-current="page"]').inner_text() == "Tableau"
    assert page.get_by_role("heading", name="Prochains créneaux").is_visible()
    assert axe_check(page) == []
    _shot(page, "phone-home")

    taps = 0
    page.locator(".ward-tabs").get_by_role("link", name="Ma pause").tap()
    taps += 1
    page.wait_for_url(re.compile(r"/s/hematologie/pause/$"))
    assert page.get_by_role("heading", name="Pendant ma pause", level=1).is_visible()
    assert page.locator(".pause-shift").inner_text().startswith("Équipe jour")
    card = page.locator(f"#creneau-{scene['soon'].id}")
    button = card.get_by_role("button", name=re.compile("^S'inscrire"))
    box = button.bounding_box()
    assert box["y"] + box["height"] <= PHONE_390["height"]  # on the first screen, no scroll
    assert axe_check(page) == []
    _shot(page, "phone-pause")
    button.tap()
    taps += 1
    card.get_by_text("Vous êtes inscrit·e").wait_for()
    assert page.get_by_text("C'est noté : vous êtes inscrit·e").is_visible()
    assert taps == 2
    assert _tabs_fit(page) == []
    assert page.csp_violations == []
    print(f"\nTAPS from the ward home to a sign-up: {taps}")


def _tab_to(page, predicate_js: str, limit: int = 80) -> int:
    """Press Tab until the focused element matches; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(predicate_js):
            return presses
    raise AssertionError("never reached with Tab")


def _focused(page) -> dict:
    return page.evaluate(
        """() => { const a = document.activeElement;
                   const card = a && a.closest('.slot-card');
                   return {text: a ? a.innerText.trim() : '', card: card ? card.id : null,
                           tag: a ? a.tagName : null}; }"""
    )


def test_with_the_keyboard_alone_sign_up_and_cancel_keep_the_focus_on_the_slot(phone, scene):
    page = phone
    log_in(page, "900003")
    card_id = f"creneau-{scene['soon'].id}"
    presses = 0
    # From the ward home: Tab to the "Ma pause" tab, Enter.
    presses += _tab_to(page, "document.activeElement.textContent.trim() === 'Ma pause'")
    page.keyboard.press("Enter")
    presses += 1
    page.wait_for_url(re.compile(r"/pause/$"))
    to_pause = presses
    # The skip link first ("Aller au contenu", Enter), then Tab to the slot's button.
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Aller au contenu"
    page.keyboard.press("Enter")
    presses += 2
    presses += _tab_to(
        page,
        f"document.activeElement.closest('#{card_id}') !== null"
        " && document.activeElement.tagName === 'BUTTON'",
    )
    assert _focused(page)["text"].startswith("S'inscrire")
    to_button = presses - to_pause
    page.keyboard.press("Enter")
    presses += 1
    page.locator(f"#{card_id}").get_by_text("Vous êtes inscrit·e").wait_for()
    page.locator(f"#{card_id} :focus").wait_for()
    focused = _focused(page)
    assert focused["card"] == card_id and focused["text"].startswith("Se désinscrire")
    assert page.locator("#flashes").get_attribute("aria-live") == "polite"
    assert "C'est noté" in page.locator("#flashes").inner_text()
    page.keyboard.press("Enter")  # the focus is on "Se désinscrire"
    presses += 1
    page.locator(f"#{card_id} .slot-undo").wait_for()
    page.locator(f"#{card_id} :focus").wait_for()
    focused = _focused(page)
    assert focused["card"] == card_id and focused["text"].startswith("Annuler")
    assert "plus inscrit" in page.locator("#flashes").inner_text()
    page.keyboard.press("Enter")  # "Annuler": the place is taken back
    presses += 1
    page.locator(f"#{card_id}").get_by_text("Vous êtes inscrit·e").wait_for()
    page.locator(f"#{card_id} :focus").wait_for()
    assert _focused(page)["text"].startswith("Se désinscrire")
    assert axe_check(page) == []
    assert page.csp_violations == []
    print(
        f"\nKEY PRESSES: {to_pause} from the ward home to the break page, {to_button} to the first"
        f" slot's button, then 1 to sign up, 1 to cancel, 1 to undo: {presses} in all"
    )


def _busy_week(make, scene):
    """A crowded week with long names, full slots, waiting lists and a night slot."""
    ward = scene["ward"]
    long_name = make.activity(ward, name="Atelier d'écriture bienveillante et partage d'expériences")
    day = datetime.now(PARIS).date() + timedelta(days=7)
    monday = planner.this_monday(day)
    for n in range(7):
        for hour in (7, 10, 14, 23):
            slot = make.slot(
                long_name if n % 2 else scene["massage"],
                day=monday + timedelta(days=n),
                start=time(hour, 30),
                minutes=40,
                capacity=1,
                place="Salle de pause du troisième étage",
            )
            if hour == 10:
                make.sign_up(slot, scene["member"])
            if hour == 14:
                make.sign_up(slot, scene["admin"])
    return planner.week_label(monday)


OVERFLOW_JS = """() => {
  const bad = [];
  for (const day of document.querySelectorAll('.week-grid .day')) {
    const column = day.getBoundingClientRect();
    const parts = '.slot-card, .slot-card .tag, .slot-card .button, .slot-card h4, .slot-card p';
    for (const el of day.querySelectorAll(parts)) {
      const r = el.getBoundingClientRect();
      if (el.scrollWidth > el.clientWidth + 1 || r.left < column.left - 1 || r.right > column.right + 1) {
        const what = `${el.className || el.tagName} ${el.textContent.trim().slice(0, 30)}`;
        bad.push(`${day.querySelector('h3').textContent.trim()}: ${what}`);
      }
    }
  }
  return bad;
}"""


@pytest.mark.parametrize("width", [1024, 1280, 1366])
def test_the_week_grid_fits_the_ward_workstation(browser, live_server, make, scene, width):
    week = _busy_week(make, scene)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    page = Page(context.new_page(), live_server)
    log_in(page, "900002")  # the admin sees the "Gérer" links too
    page.goto(f"/s/hematologie/planning/?semaine={week}")
    assert page.locator(".week-grid .slot-card").count() == 28
    columns = page.evaluate(
        "getComputedStyle(document.querySelector('.week-grid')).gridTemplateColumns.split(' ').length"
    )
    assert columns == 7
    _shot(page, f"week-{width}")
    assert page.evaluate(OVERFLOW_JS) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


@pytest.mark.usefixtures("scene")
def test_a_night_slot_across_midnight_is_created_and_shown_on_a_phone(phone):
    page = phone
    log_in(page, "900002")
    page.goto("/s/hematologie/planning/equipes/")
    assert page.get_by_role("heading", name="Équipes et pauses habituelles").is_visible()
    assert axe_check(page) == []
    _shot(page, "phone-shifts")
    day = datetime.now(PARIS).date() + timedelta(days=2)
    page.goto("/s/hematologie/planning/creneaux/nouveau")
    page.get_by_label("Activité").select_option(label="Massage minute")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Début").fill("23:30")
    page.get_by_label("Fin").fill("00:10")
    page.get_by_role("button", name="Ajouter").click()
    page.wait_for_load_state()
    assert page.get_by_text("1 créneau ajouté.").is_visible()
    column = page.locator(f"section.day:has(h3#jour-{day.isoformat()})")
    night = column.locator(".slot-card", has_text="23\u00a0h\u00a030")
    assert night.count() == 1
    assert "(le lendemain)" in night.inner_text() and "0\u00a0h\u00a010" in night.inner_text()
    assert axe_check(page) == []
    _shot(page, "phone-week-night")
    assert page.csp_violations == []


def _seconds_left(bar) -> int:
    """The countdown the bar shows ("1 min 00"), in seconds."""
    minutes, seconds = re.search(r"(\d+)\u00a0min\u00a0(\d\d)", bar.inner_text()).groups()
    return int(minutes) * 60 + int(seconds)


@pytest.mark.usefixtures("scene")
def test_shared_workstation_session_is_gone_two_minutes_after_she_walks_away(phone):
    page = phone
    page.clock.install()  # the page's own timers, fast-forwarded below (no waiting)
    page.goto("/connexion")
    page.get_by_label("Matricule").fill("900003")
    page.get_by_label("Mot de passe").fill("Une phrase de passe assez longue")
    page.get_by_label("Poste partagé du service").check()
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/s/hematologie/$"))
    page.wait_for_load_state("networkidle")  # the page's own htmx loads restart the countdown
    bar = page.locator("#poste-partage")
    assert bar.get_by_role("button", name="Terminer").is_visible()
    assert 110 <= _seconds_left(bar) <= 120  # two minutes (the page's clock runs on meanwhile)
    assert axe_check(page) == []
    _shot(page, "phone-shared")
    page.wait_for_load_state("networkidle")
    page.clock.fast_forward("01:00")
    bar.get_by_role("button", name="Je suis encore là").click()  # one tap: two minutes again
    bar.locator("[data-countdown]", has_text=re.compile("^2")).wait_for()
    page.clock.fast_forward("02:01")  # she walks away
    page.wait_for_url(lambda url: "/s/hematologie" not in url)
    assert page.get_by_role("link", name="Se connecter").first.is_visible()
    page.go_back()  # Back shows nothing of hers: the page is asked again, the session is gone
    page.wait_for_load_state()
    assert "/connexion" in page.url
    assert page.get_by_text("Prochains créneaux").count() == 0
    assert page.csp_violations == []


def test_asked_once_for_the_shift_when_none_is_in_progress(phone, make, scene):
    page = phone
    ward = scene["ward"]
    db.session.execute(db.delete(Shift))  # no shift in progress now: she will be asked
    db.session.commit()
    local = to_paris(utcnow())
    evening = make.shift(
        ward,
        "soir",
        (local + timedelta(hours=2)).time().replace(second=0, microsecond=0),
        (local + timedelta(hours=8)).time().replace(second=0, microsecond=0),
        breaks="",
    )
    later = make.slot(scene["massage"], starts_at=utcnow() + timedelta(hours=3), capacity=2)
    log_in(page, "900003")
    page.locator(".ward-tabs").get_by_role("link", name="Ma pause").tap()
    page.get_by_text("Quelle est votre équipe aujourd'hui").wait_for()
    assert axe_check(page) == []
    _shot(page, "phone-choose")
    page.get_by_role("button", name=re.compile("^Soir")).tap()
    page.locator(f"#creneau-{later.id}").wait_for()
    assert page.locator(".pause-shift").inner_text().startswith("Équipe soir")
    page.goto("/s/hematologie/")
    page.locator(".ward-tabs").get_by_role("link", name="Ma pause").tap()
    page.locator(f"#creneau-{later.id}").wait_for()  # remembered: not asked again
    assert evening.id and page.csp_violations == []
