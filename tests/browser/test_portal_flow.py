"""In a real browser: a visitor reads the guides on a phone; a person ticks progress and finds
it at the next log-in; an admin uploads the charter PDF and a member downloads it."""

import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.timefmt import utcnow
from app.extensions import db
from app.models import Ward
from tests.browser.conftest import Page, axe_check, log_in

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def team(make):
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    return {
        "member": make.person(ward=ward, matricule="900003", first_name="Thomas"),
        "admin": make.person(ward=ward, role="admin", matricule="900002", first_name="Nadia"),
    }


def test_visitor_reads_the_three_guides_on_a_phone(phone_page):
    page = phone_page
    page.goto("/")
    page.get_by_role("link", name="Lire les guides").click()
    page.wait_for_load_state()
    titles = [
        "Construire un groupe dans son service",
        "Monter une activité bienveillante",
        "Devenir un·e collègue bienveillant·e",
    ]
    for title in titles:
        page.goto("/guide")
        page.get_by_role("link", name=title).click()
        page.get_by_role("link", name="Commencer").click()
        page.wait_for_load_state()
        assert page.get_by_text("Étape 1 sur").is_visible()
        page.get_by_role("link", name="Étape suivante →").click()
        page.wait_for_load_state()
        assert axe_check(page) == []
    assert page.csp_violations == []


@pytest.mark.usefixtures("team")
def test_progress_is_found_the_next_day(browser, live_server):
    for visit in range(2):  # two separate sessions, as on two days
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR")
        page = Page(context.new_page(), live_server)
        log_in(page, "900003")
        page.goto("/guide/devenir-bienveillant/2")
        item = page.get_by_role("button", name=re.compile("Remercier précisément trois collègues"))
        if visit == 0:
            item.click()
            page.locator("#point-2-1[class*='checked']").wait_for()
            assert axe_check(page) == []
        else:
            assert item.get_attribute("aria-pressed") == "true"
            page.goto("/guide/devenir-bienveillant")
            assert page.get_by_text("1 exercice fait sur 17").is_visible()
        context.close()


@pytest.mark.usefixtures("team")
def test_admin_uploads_the_charter_and_a_member_downloads_it(page, tmp_path):
    charter = tmp_path / "charte-bienveillance.pdf"
    charter.write_bytes(PDF)
    log_in(page, "900002")
    page.goto("/s/hematologie/documents/")
    page.get_by_label("Titre (facultatif)").fill("Charte de bienveillance du service")
    page.get_by_label("Catégorie").select_option("charters")
    page.get_by_label(re.compile("^Fichier")).set_input_files(str(charter))
    page.get_by_role("button", name="Ajouter").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Charte de bienveillance du service").is_visible()
    assert axe_check(page) == []
    page.get_by_role("button", name="Se déconnecter").click()
    log_in(page, "900003")
    page.goto("/s/hematologie/documents/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Charte de bienveillance du service").click()
    assert download.value.suggested_filename == "charte-bienveillance.pdf"
    assert Path(download.value.path()).read_bytes() == PDF
    assert page.csp_violations == []


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.usefixtures("team")
def test_posters_print_on_one_a4_page_even_when_full(page, live_server, tmp_path, make):
    ward = db.session.scalar(select(Ward).where(Ward.slug == "hematologie"))
    activity = make.activity(ward, name="Atelier " + "très long " * 11, summary="x " * 150)
    start = utcnow() + timedelta(days=1)
    for day in range(8):
        make.slot(
            activity,
            starts_at=start + timedelta(days=day),
            place="Salle de pause du service, au fond du couloir à gauche " * 3,
            capacity=4,
        )
    log_in(page, "900002")
    for url in ("/affiche", "/s/hematologie/affiches/", f"/s/hematologie/affiches/activite/{activity.id}"):
        page.goto(url)
        assert axe_check(page) == []
        page.emulate_media(media="print")
        assert _pages(page.pdf(prefer_css_page_size=True)) == 1, url
        page.emulate_media(media="screen")
    # The portal's own poster leads to the home page.
    page.goto("/affiche")
    png = tmp_path / "portail.png"
    page.locator(".poster-qr img").screenshot(path=str(png))
    decoded = subprocess.run(  # noqa: S603
        [shutil.which("zbarimg") or "zbarimg", "--raw", "-q", str(png)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert decoded.stdout.strip() == f"{live_server}/"
    assert page.csp_violations == []


@pytest.mark.usefixtures("team")
def test_guide_tools_and_the_proposal_form_for_a_member(page):
    log_in(page, "900003")
    page.goto("/guide/devenir-bienveillant/2")
    page.get_by_role("link", name="Post-it de service").click()
    page.wait_for_load_state()
    assert page.url.endswith("/s/hematologie/post-it/")
    page.goto("/guide/monter-une-activite/8")
    assert axe_check(page) == []
    page.get_by_role("link", name="Proposer une activité").click()
    page.wait_for_load_state()
    assert page.url.endswith("/s/hematologie/activites/proposer")
    page.goto("/savoir")
    assert axe_check(page) == []
    page.goto("/s/hematologie/membres/")
    page.get_by_label("Objet").fill("Idée")
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_load_state()
    assert page.get_by_text("Écrivez votre message.").is_visible()  # kept on the page, nothing sent
    assert page.get_by_label("Objet").input_value() == "Idée"
    assert axe_check(page) == []
    assert page.csp_violations == []
