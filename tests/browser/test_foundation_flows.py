"""A person in a real browser: log in, see their ward, the admin accepts a request."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, Page, axe_check, confirm_password_if_asked, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def ward_people(make):
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    make.ward("oncologie", "Oncologie")
    member = make.person(ward=ward, matricule="900003", first_name="Thomas")
    admin = make.person(ward=ward, role="admin", matricule="900002", first_name="Nadia")
    return ward, member, admin


@pytest.mark.usefixtures("ward_people")
def test_member_logs_in_and_sees_the_ward(page):
    page.goto("/")
    assert axe_check(page) == []
    log_in(page, "900003")
    assert page.get_by_text("Bonjour Thomas !").is_visible()
    page.get_by_role("link", name="Hématologie – Soins intensifs").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Hématologie – Soins intensifs"
    assert page.get_by_role("navigation", name="Espace Hématologie – Soins intensifs").is_visible()
    assert page.get_by_role("link", name="Admin").count() == 0  # a member has no admin link
    assert axe_check(page) == []
    assert page.csp_violations == []


@pytest.mark.usefixtures("ward_people")
def test_wrong_password_keeps_matricule_and_says_so_in_french(phone_page):
    phone_page.goto("/connexion")
    phone_page.get_by_label("Matricule").fill("900003")
    phone_page.get_by_label("Mot de passe").fill("pas le bon mot de passe")
    phone_page.get_by_role("button", name="Se connecter").click()
    phone_page.wait_for_load_state()
    assert phone_page.get_by_text("Matricule ou mot de passe incorrect.").is_visible()
    assert phone_page.get_by_label("Matricule").input_value() == "900003"
    assert phone_page.get_by_label("Mot de passe").input_value() == ""
    assert axe_check(phone_page) == []


def test_admin_accepts_a_request_with_htmx_on_a_phone(phone_page, ward_people, make):
    ward, _member, _admin = ward_people
    make.join_request(ward, make.person(status="pending", first_name="Inès", last_name="Morel"))
    log_in(phone_page, "900002")
    phone_page.goto("/s/hematologie/admin/demandes")
    confirm_password_if_asked(phone_page)
    assert axe_check(phone_page) == []
    phone_page.get_by_role("button", name="Accepter").click()
    phone_page.get_by_text("Inès Morel fait maintenant partie du service.").wait_for()
    assert phone_page.get_by_text("Acceptée").is_visible()
    assert phone_page.url.endswith("/s/hematologie/admin/demandes")  # no page reload needed
    assert phone_page.csp_violations == []


PAGES_BY_ROLE = {
    "visitor": [
        "/",
        "/connexion",
        "/inscription",
        "/s/nulle-part/",
        "/savoir",
        "/guide",
        "/guide/devenir-bienveillant/2",
    ],
    "member": [
        "/",
        "/moi",
        "/s/hematologie/",
        "/s/oncologie/",
        "/s/hematologie/activites/",
        "/s/hematologie/planning/",
        "/s/hematologie/post-it/",
        "/s/hematologie/agenda/",
        "/s/hematologie/agenda/semaine",
        "/s/hematologie/planning/mes-inscriptions",
        "/s/hematologie/membres/",
    ],
    "admin": [
        "/s/hematologie/admin/messages",
        "/s/hematologie/documents/",
        "/s/hematologie/admin/",
        "/s/hematologie/admin/demandes",
        "/s/hematologie/admin/invitations",
        "/s/hematologie/admin/moderation",
        "/s/hematologie/activites/a-examiner",
    ],
    "platform": ["/plateforme/", "/plateforme/vigilance", "/confirmer"],
}


@pytest.mark.parametrize("role", sorted(PAGES_BY_ROLE))
def test_foundation_pages_pass_axe_at_phone_and_desktop(browser, live_server, make, role):
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    make.ward("oncologie", "Oncologie")
    make.join_request(ward, make.person(status="pending", first_name="Inès"))
    people = {
        "member": make.person(ward=ward, matricule="900003"),
        "admin": make.person(ward=ward, role="admin", matricule="900002"),
        "platform": make.person(platform_admin=True, matricule="900000"),
    }
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport, locale="fr-FR")
        page = Page(context.new_page(), live_server)
        if role in people:
            log_in(page, people[role].matricule)
        for path in PAGES_BY_ROLE[role]:
            page.goto(path)
            if path != "/confirmer":
                confirm_password_if_asked(page)  # the admin space's first visit
            assert axe_check(page) == [], f"{path} as {role} at {viewport['width']} px"
            assert page.locator("h1").count() == 1, path
            overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
            assert not overflow, f"{path} scrolls sideways at {viewport['width']} px"
        assert page.csp_violations == []
        context.close()
