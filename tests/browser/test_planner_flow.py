"""On a phone: find this week's massage minute, accept its charter, sign up in one tap, cancel,
and the colleague waiting is moved up. The printed week fits one A4 landscape page."""

import re
from datetime import datetime, time, timedelta

import pytest

from app.core.timefmt import PARIS
from app.extensions import db
from app.models import SignUp
from app.planner import services
from tests.browser.conftest import axe_check, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def scene(make):
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    thomas = make.person(ward=ward, matricule="900003", first_name="Thomas")
    julie = make.person(ward=ward, matricule="900004", first_name="Julie")
    referent = make.person(ward=ward, matricule="900010", first_name="Léa")
    massage = make.activity(
        ward,
        place="Salle de pause",
        responsibility_charter="Je signale au référent toute douleur au dos avant la séance.",
        referents=[referent],
    )
    day = datetime.now(PARIS).date() + timedelta(days=1)
    slot = make.slot(massage, day=day, capacity=1, place="")
    for n in range(12):  # a busy week for the print test
        make.slot(massage, day=day + timedelta(days=n % 7), start=time(7 + n, 0), capacity=3, place="")
    return {
        "slot": slot,
        "thomas": thomas,
        "julie": julie,
        "week": services.week_label(services.this_monday(day)),
    }


def test_sign_up_cancel_and_the_waiting_colleague_moves_up(phone_page, browser, live_server, scene):
    page = phone_page
    slot = scene["slot"]
    log_in(page, "900003")
    page.goto(f"/s/hematologie/planning/?semaine={scene['week']}")
    assert axe_check(page) == []
    card = page.locator(f"#creneau-{slot.id}")
    card.get_by_role("button", name=re.compile("S'inscrire")).click()
    card.get_by_text("Je signale au référent toute douleur au dos").wait_for()  # charter in the same place
    assert axe_check(page) == []
    card.get_by_role("button", name="J'accepte la charte et je m'inscris").click()
    card.get_by_text("Vous êtes inscrit·e").wait_for()
    assert page.get_by_text("C'est noté : vous êtes inscrit·e").is_visible()
    assert page.url.endswith(f"semaine={scene['week']}")  # no reload
    assert card.get_by_text("Complet").is_visible()

    # Julie, on another phone, joins the waiting list.
    other = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR")
    julie = other.new_page()
    julie.goto(f"{live_server}/connexion")
    julie.get_by_label("Matricule").fill("900004")
    julie.get_by_label("Mot de passe").fill("Une phrase de passe assez longue")
    julie.get_by_role("button", name="Se connecter").click()
    julie.goto(f"{live_server}/s/hematologie/planning/?semaine={scene['week']}")
    julie_card = julie.locator(f"#creneau-{slot.id}")
    julie_card.get_by_role("button", name=re.compile("Rejoindre la liste d'attente")).click()
    julie_card.get_by_role("button", name="J'accepte la charte et je rejoins la liste d'attente").click()
    julie_card.get_by_text(re.compile("Liste d'attente")).wait_for()

    card.get_by_role("button", name=re.compile("Se désinscrire")).click()
    page.get_by_text("vous n'êtes plus inscrit·e").wait_for()
    db.session.commit()
    states = dict(db.session.execute(db.select(SignUp.person_id, SignUp.status)).all())
    assert states == {scene["thomas"].id: "cancelled", scene["julie"].id: "confirmed"}
    julie.reload()
    assert julie_card.get_by_text("Vous êtes inscrit·e").is_visible()
    other.close()
    assert page.csp_violations == []


def test_printed_week_fits_one_a4_landscape_page(page, scene):
    log_in(page, "900003")
    page.goto(f"/s/hematologie/planning/imprimer?semaine={scene['week']}")
    assert axe_check(page) == []
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    width, height = float(box.group(1)), float(box.group(2))
    assert width > height  # landscape
    assert round(width) in (841, 842)  # A4: 297 mm
