"""Land where I work: after log-in, the ward's home (the last one used when several), a
switcher in the header, every ward tab in the bar with the current one marked."""

import re

from app.wards import LAST_WARD_COOKIE


def _login(client, matricule, **extra):
    return client.post(
        "/connexion", {"matricule": matricule, "password": "Une phrase de passe assez longue", **extra}
    )


def test_one_ward_lands_on_its_home(client, make, ward):
    make.person(ward=ward, matricule="400001")
    response = _login(client, "400001")
    assert response.status_code == 303
    assert response.headers["Location"] == "/s/hematologie/"


def test_no_ward_lands_on_the_portal(client, make):
    make.person(matricule="400002")
    assert _login(client, "400002").headers["Location"] == "/"


def test_several_wards_land_on_the_last_used(client, make, ward, other_ward):
    person = make.person(ward=ward, matricule="400003")
    make.membership(other_ward, person)
    # First time: the first ward by name (Hématologie before Oncologie).
    assert _login(client, "400003").headers["Location"] == "/s/hematologie/"
    # She works in Oncologie: the ward page remembers it on this device.
    response = client.get("/s/oncologie/planning/")
    assert response.status_code == 200
    assert f"{LAST_WARD_COOKIE}=oncologie" in response.headers["Set-Cookie"]
    client.post("/deconnexion")
    assert _login(client, "400003").headers["Location"] == "/s/oncologie/"


def test_the_remembered_ward_is_followed_only_while_she_belongs_to_it(client, make, ward, other_ward):
    make.person(ward=ward, matricule="400004")
    client.raw.set_cookie(LAST_WARD_COOKIE, other_ward.slug)  # somebody else's ward on this post
    assert _login(client, "400004").headers["Location"] == "/s/hematologie/"


def test_a_suspended_membership_is_not_a_landing(client, make, ward, other_ward):
    person = make.person(matricule="400006")
    make.membership(other_ward, person, status="suspended")
    make.membership(ward, person)
    client.raw.set_cookie(LAST_WARD_COOKIE, other_ward.slug)
    assert _login(client, "400006").headers["Location"] == "/s/hematologie/"


def test_a_refused_page_does_not_remember_the_ward(login_as, people, other_ward):
    client = login_as(people["member"])
    response = client.get(f"/s/{other_ward.slug}/")
    assert response.status_code == 403
    assert LAST_WARD_COOKIE not in response.headers.get("Set-Cookie", "")


def test_the_cookie_is_set_once_not_on_every_page(login_as, people):
    client = login_as(people["member"])
    assert LAST_WARD_COOKIE in client.get("/s/hematologie/").headers.get("Set-Cookie", "")
    assert LAST_WARD_COOKIE not in client.get("/s/hematologie/planning/").headers.get("Set-Cookie", "")


def test_a_safe_next_still_wins(client, make, ward):
    make.person(ward=ward, matricule="400007")
    assert _login(client, "400007", next="/guide").headers["Location"] == "/guide"


def test_already_logged_in_goes_to_her_ward(login_as, people):
    client = login_as(people["member"])
    response = client.get("/connexion")
    assert response.status_code == 302
    assert response.headers["Location"] == "/s/hematologie/"


def test_switcher_lists_the_other_wards_only_when_several(login_as, make, people, other_ward):
    member = people["member"]
    page = login_as(member).get("/s/hematologie/").get_data(as_text=True)
    assert "Changer de service" not in page
    make.membership(other_ward, member)
    page = login_as(member).get("/s/hematologie/").get_data(as_text=True)
    assert "Changer de service" in page
    switcher = page[page.index('class="ward-switch"') : page.index("</details>")]
    assert 'href="/s/oncologie/"' in switcher
    assert 'href="/s/hematologie/"' not in switcher


def _tabs(page: str) -> list[tuple[str, bool]]:
    bar = page[page.index('class="ward-tabs"') : page.index("</ul>", page.index('class="ward-tabs"'))]
    return [
        (label, bool(current))
        for current, label in re.findall(r'<a href="[^"]+"( aria-current="page")?>([^<]+)</a>', bar)
    ]


def test_every_tab_with_the_current_one_marked(login_as, people):
    client = login_as(people["member"])
    tabs = _tabs(client.get("/s/hematologie/planning/mes-inscriptions").get_data(as_text=True))
    labels = [label for label, _ in tabs]
    assert labels[:3] == ["Tableau", "Ma pause", "Activités"]
    for label in ("Planning", "Post-it", "Agenda", "Membres", "Documents"):
        assert label in labels
    assert "Admin" not in labels
    assert [label for label, current in tabs if current] == ["Planning"]  # a sub-page of the planner
    home = _tabs(client.get("/s/hematologie/").get_data(as_text=True))
    assert [label for label, current in home if current] == ["Tableau"]


def test_the_admin_sees_the_admin_tab(login_as, people):
    tabs = _tabs(login_as(people["admin"]).get("/s/hematologie/").get_data(as_text=True))
    assert tabs[-1] == ("Admin", False)
