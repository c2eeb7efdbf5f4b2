"""In a real browser: add an event, move between months with htmx, print the week on one A4
page, subscribe (the feed parses with vobject), and a find-a-date poll ends in an event."""

import re
from datetime import datetime, timedelta

import pytest
import vobject

from app.core.timefmt import PARIS
from tests.browser.conftest import axe_check, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def team(make):
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    return {
        "thomas": make.person(ward=ward, matricule="900003", first_name="Thomas"),
        "julie": make.person(ward=ward, matricule="900004", first_name="Julie"),
    }


@pytest.mark.usefixtures("team")
def test_agenda_event_months_print_feed_and_poll(page):
    day = datetime.now(PARIS).date() + timedelta(days=2)
    log_in(page, "900003")
    page.goto("/s/hematologie/agenda/")
    assert axe_check(page) == []
    page.get_by_text("Ajouter, trouver une date, s'abonner").click()  # the tools' disclosure
    page.get_by_role("link", name="Ajouter un événement").click()
    page.get_by_label("Titre").fill("Réunion du groupe")
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_label("Début").fill("14:30")
    page.get_by_label("Fin", exact=True).fill("15:15")
    page.get_by_label("Lieu").fill("Salle de réunion du 3e")
    assert axe_check(page) == []
    page.get_by_role("button", name="Ajouter à l'agenda").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Réunion du groupe").is_visible()

    page.goto(f"/s/hematologie/agenda/?mois={day.year}-{day.month:02d}")
    assert page.get_by_role("link", name=re.compile("Réunion du groupe")).first.is_visible()
    page.get_by_role("link", name="Mois suivant →").click()
    page.wait_for_url(re.compile(r"mois=\d{4}-\d{2}"))
    assert page.get_by_role("link", name="Mois précédent").count() == 1
    assert page.locator("#agenda-vue").count() == 1  # swapped in place, not a second page
    page.go_back()
    page.wait_for_url(re.compile(f"mois={day.year}-{day.month:02d}"))

    iso = day.isocalendar()
    page.goto(f"/s/hematologie/agenda/semaine/imprimer?semaine={iso[0]}-W{iso[1]:02d}")
    assert axe_check(page) == []
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    page.emulate_media(media="screen")

    page.goto("/s/hematologie/agenda/abonnement")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Créer mes liens").click()
    page.wait_for_load_state()
    feed_url = page.get_by_label("Agenda du service").input_value()
    body = page.request.get(feed_url).text()
    calendar = vobject.readOne(body)
    event = next(v for v in calendar.vevent_list if v.summary.value == "Réunion du groupe")
    assert (event.dtstart.value.hour, event.dtstart.value.minute) == (14, 30)

    page.goto("/s/hematologie/agenda/sondages/nouveau")
    page.get_by_label("Ce que vous organisez").fill("Soirée du groupe")
    for index, offset in ((1, 10), (2, 11)):
        page.get_by_label(f"Date {index}").fill((day + timedelta(days=offset)).isoformat())
        page.locator(f"#debut-{index}").fill("19:00")
        page.locator(f"#fin-{index}").fill("22:00")
    assert axe_check(page) == []
    page.get_by_role("button", name="Créer le sondage").click()
    page.wait_for_load_state()
    page.get_by_role("radio", name="Oui").first.check()
    page.get_by_role("button", name="Enregistrer mes réponses").click()
    page.wait_for_load_state()
    assert axe_check(page) == []
    page.locator("input[name='option_id']").first.check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Retenir cette date").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Soirée du groupe").is_visible()
    assert page.csp_violations == []
