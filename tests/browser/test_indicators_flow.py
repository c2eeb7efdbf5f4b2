"""The manager's reflective review on the demo ward: she opens the indicators for the last
quarter, reads a chart and its table, exports a CSV and prints the one-page A4 summary.
Axe-clean on a phone (390 px) and on a desktop; a member is refused."""

import re
from pathlib import Path

import pytest

from app.demo import DEMO_PASSWORD, seed_demo
from tests.browser.conftest import DESKTOP, Page, axe_check, confirm_password_if_asked, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(commit):
    seed_demo()
    commit()


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.usefixtures("demo")
def test_the_manager_reviews_the_last_quarter(page, browser, live_server, tmp_path):
    log_in(page, "900001", DEMO_PASSWORD)  # Sophie, the ward manager
    page.goto("/s/hematologie/admin/")
    confirm_password_if_asked(page, DEMO_PASSWORD)  # the admin space asks it once a session
    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Indicateurs").click()
    page.get_by_label("Le dernier trimestre (3 derniers mois)").check()
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_load_state()
    assert "periode=trimestre" in page.url
    assert page.get_by_role("heading", name=re.compile("Chiffres clés, du ")).is_visible()

    # The chart is an image with a name and a description, its numbers in a table after it.
    chart = page.get_by_role("img", name="Inscriptions et présences par semaine")
    assert chart.is_visible()
    assert "Trait plein et ronds" in chart.evaluate("e => e.querySelector('desc').textContent")
    page.get_by_text("Les chiffres de ce graphique (tableau)").first.click()
    table = page.locator("#tableau-semaines")
    assert table.is_visible()
    assert table.locator("tbody tr").count() >= 13  # a quarter, week by week
    assert table.locator("thead th").all_inner_texts() == ["Semaine du", "Inscriptions", "Présences notées"]
    assert page.get_by_role("cell", name="moins de 5").first.is_visible()  # by job: doctors, interns…
    assert axe_check(page) == []
    assert _no_horizontal_scroll(page)
    assert page.csp_violations == []
    page.screenshot(path=str(tmp_path / "indicateurs-1280.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    assert axe_check(page) == []
    assert _no_horizontal_scroll(page)
    page.screenshot(path=str(tmp_path / "indicateurs-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)

    # A CSV that a French spreadsheet opens with its accents and columns.
    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name="Exporter «\u00a0Participation par activité\u00a0» en CSV"
        ).first.click()
    download = download_info.value
    assert download.suggested_filename.startswith("indicateurs-hematologie-activites-")
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:3] == ["Activité", "Créneaux", "Inscriptions"]
    assert any(line.startswith("Petit-déjeuner partagé;") for line in lines)

    # The one-page summary for the review meeting.
    page.get_by_role("link", name="Imprimer la synthèse (une page A4)").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Décisions prises").is_visible()
    assert page.get_by_role("img").count() == 3
    assert axe_check(page) == []
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    (tmp_path / "synthese.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    width, height = float(box.group(1)), float(box.group(2))
    assert (round(width), round(height)) in ((595, 842), (595, 841), (596, 842))  # A4 portrait
    page.screenshot(path=str(tmp_path / "synthese-print.png"), full_page=True)
    assert page.csp_violations == []

    # A member of the ward is refused.
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    member = Page(context.new_page(), live_server)
    log_in(member, "900003", DEMO_PASSWORD)  # Thomas
    response = member.goto("/s/hematologie/admin/indicateurs/")
    assert response.status == 403

    # …but gives an anonymous opinion on the platform, from a discreet link of the ward space.
    member.goto("/s/hematologie/")
    member.get_by_role("link", name="Donner mon avis sur la plateforme").click()
    member.wait_for_load_state()
    assert axe_check(member) == []
    member.get_by_role("group", name="La plateforme vous est-elle utile\u00a0?").get_by_label(
        "Plutôt oui"
    ).check()
    member.get_by_role("group", name="Est-elle facile à utiliser\u00a0?").get_by_label("Tout à fait").check()
    member.get_by_label("Que vous manque-t-il\u00a0? (facultatif)").fill("Un rappel avant le créneau")
    member.screenshot(path=str(tmp_path / "avis.png"), full_page=True)
    member.get_by_role("button", name="Envoyer mon avis").click()
    member.wait_for_load_state()
    assert member.get_by_text("Merci pour votre avis").is_visible()
    assert member.csp_violations == []
    context.close()
