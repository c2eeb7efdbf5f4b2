"""Julie waits for a place; Thomas cancels; her bell counts one, /notifications lists it, the
link leads to the slot and the count falls. Axe clean at 390 px."""

import re
from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from app.core.timefmt import PARIS, paris_to_utc, utcnow
from app.extensions import db
from app.models import Activity, SignUp, Slot
from app.notifications import mail
from app.planner import services
from tests.browser.conftest import axe_check, log_in
from tests.mail_helpers import MAIL_FIXTURES, wants_mail

mail_config, smtp_server, hanging_smtp = MAIL_FIXTURES

pytestmark = pytest.mark.browser
PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture
def scene(make):
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    thomas = make.person(ward=ward, matricule="900003", first_name="Thomas")
    julie = make.person(ward=ward, matricule="900004", first_name="Julie")
    massage = Activity(ward_id=ward.id, name="Massage minute", status="active", place="Salle de pause")
    db.session.add(massage)
    db.session.flush()
    day = datetime.now(PARIS).date() + timedelta(days=2)
    starts = paris_to_utc(datetime.combine(day, time(14, 0)))
    slot = Slot(
        ward_id=ward.id,
        activity_id=massage.id,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=20),
        capacity=1,
        taken=1,
        waiting=1,
    )
    db.session.add(slot)
    db.session.flush()
    db.session.add_all(
        [
            SignUp(slot_id=slot.id, person_id=thomas.id, status="confirmed"),
            SignUp(slot_id=slot.id, person_id=julie.id, status="waiting", waiting_since=utcnow()),
        ]
    )
    db.session.commit()
    return {"slot": slot, "julie": julie, "week": services.week_label(services.this_monday(day))}


def test_moved_up_from_the_waiting_list_she_reads_it_and_the_bell_falls(
    browser, live_server, scene, smtp_server
):
    slot = scene["slot"]
    wants_mail(scene["julie"])  # she also asked for e-mail about her slots
    context = browser.new_context(viewport=PHONE_390, locale="fr-FR", is_mobile=True, has_touch=True)
    julie = context.new_page()
    julie.goto(f"{live_server}/connexion")
    julie.get_by_label("Matricule").fill("900004")
    julie.get_by_label("Mot de passe").fill("Une phrase de passe assez longue")
    julie.get_by_role("button", name="Se connecter").click()
    julie.goto(f"{live_server}/s/hematologie/")
    bell = julie.locator("#bell")
    assert bell.get_attribute("href") == "/notifications"
    assert "aucune non lue" in bell.inner_text()

    # Thomas, on his own phone, gives his place back.
    other = browser.new_context(viewport=PHONE_390, locale="fr-FR")
    thomas = other.new_page()

    class _Wrap:
        def __init__(self, page):
            self.page = page

        def goto(self, path):
            return self.page.goto(live_server + path)

        def __getattr__(self, name):
            return getattr(self.page, name)

    log_in(_Wrap(thomas), "900003")
    thomas.goto(f"{live_server}/s/hematologie/planning/?semaine={scene['week']}")
    thomas.locator(f"#creneau-{slot.id}").get_by_role("button", name=re.compile("Se désinscrire")).click()
    thomas.get_by_text("vous n'êtes plus inscrit·e").wait_for()
    other.close()

    julie.reload()
    assert bell.get_by_text("1", exact=True).is_visible()
    assert "1 notification non lue" in bell.inner_text()
    bell.click()
    julie.wait_for_url(re.compile(r"/notifications$"))
    assert axe_check(julie) == []
    item = julie.locator(".notif.unread").first
    assert "Une place s'est libérée" in item.inner_text()
    assert "Massage minute" in item.inner_text()
    item.get_by_role("button").click()
    julie.wait_for_url(re.compile(rf"/s/hematologie/planning/creneaux/{slot.id}$"))
    assert "aucune non lue" in julie.locator("#bell").inner_text()
    julie.goto(f"{live_server}/notifications")
    assert julie.locator(".notif.unread").count() == 0
    assert axe_check(julie) == []
    context.close()

    # The same event reaches her mailbox when the cron's `flask send-mail` runs.
    assert smtp_server.messages == []
    db.session.commit()  # end this thread's read (its snapshot predates the server's writes)
    assert mail.send_due().sent == 1
    [message] = smtp_server.messages
    assert message["To"] == "julie.martin@chu.test"
    assert "Une place s'est libérée" in message["Subject"]


def test_my_choices_on_the_account_page(browser, live_server, make):
    make.person(matricule="900020", first_name="Nadia")
    context = browser.new_context(viewport=PHONE_390, locale="fr-FR", is_mobile=True, has_touch=True)
    nadia = context.new_page()
    nadia.goto(f"{live_server}/connexion")
    nadia.get_by_label("Matricule").fill("900020")
    nadia.get_by_label("Mot de passe").fill("Une phrase de passe assez longue")
    nadia.get_by_role("button", name="Se connecter").click()
    nadia.goto(f"{live_server}/moi")
    assert axe_check(nadia) == []
    section = nadia.locator("#moi-notifications-section")
    section.get_by_role("group", name="Mes post-it").get_by_label("Rien").check()
    section.get_by_label("Pas d'e-mail de").fill("08:00")
    section.get_by_role("button", name="Enregistrer mes choix").click()
    error = section.get_by_text("Indiquez le début et la fin des heures calmes")
    error.wait_for()
    expect(section.get_by_label("à", exact=True)).to_be_focused()  # the field refused
    assert section.get_by_label("Pas d'e-mail de").input_value() == "08:00"  # kept
    section.get_by_label("à", exact=True).fill("16:00")
    section.get_by_role("button", name="Enregistrer mes choix").click()
    status = nadia.get_by_text("Vos choix sont enregistrés.")
    status.wait_for()
    # Focus moves to the message (the form it came from was replaced).
    expect(status).to_be_focused()
    assert (
        nadia.locator("#moi-notifications-section")
        .get_by_role("group", name="Mes post-it")
        .get_by_label("Rien")
        .is_checked()
    )
    assert axe_check(nadia) == []
    context.close()


def test_subscription_links_to_tap_or_copy(browser, live_server, make):
    ward = make.ward("cardiologie", "Cardiologie")
    make.person(ward=ward, matricule="900030", first_name="Inès")
    context = browser.new_context(viewport=PHONE_390, locale="fr-FR", is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    ines = context.new_page()
    ines.goto(f"{live_server}/connexion")
    ines.get_by_label("Matricule").fill("900030")
    ines.get_by_label("Mot de passe").fill("Une phrase de passe assez longue")
    ines.get_by_role("button", name="Se connecter").click()
    ines.goto(f"{live_server}/s/cardiologie/agenda/abonnement")
    assert "remplac" not in ines.locator("main").inner_text().lower()
    ines.get_by_role("button", name="Créer mes liens").click()  # no question: nothing to replace
    ines.wait_for_load_state()
    tap = ines.get_by_role("link", name="Ajouter à mon calendrier : Mes inscriptions")
    assert tap.get_attribute("href").startswith("webcal://127.0.0.1:")
    ines.get_by_role("button", name="Copier le lien : Mes inscriptions").click()
    ines.get_by_text("Lien copié.").wait_for()
    copied = ines.evaluate("navigator.clipboard.readText()")
    assert copied == ines.get_by_label("Mes inscriptions", exact=True).input_value()
    assert copied.endswith("/mes-inscriptions.ics")
    assert axe_check(ines) == []
    context.close()
