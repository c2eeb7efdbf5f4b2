"""Help in place: a short first-visit explanation on each tool, closed for good by the
person (static/js/app.js), and the ward's "Aide" page in plain French."""


def test_the_help_page_says_what_each_tool_is_for_and_who_sees_what(login_as, people):
    page = login_as(people["member"]).get("/s/hematologie/aide")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for anchor in ("pause", "planning", "activites", "post-it", "agenda", "poste-partage", "qui-voit-quoi"):
        assert f'id="{anchor}"' in html
    assert "Qui voit quoi" in html and "Aucune information sur les patients ici." in html


def test_the_header_links_to_the_help(login_as, people):
    html = login_as(people["member"]).get("/s/hematologie/").get_data(as_text=True)
    assert 'href="/s/hematologie/aide"' in html


def test_the_planner_and_the_agenda_explain_themselves_the_first_time(login_as, people):
    client = login_as(people["member"])
    for url, key in (("/s/hematologie/planning/", "planning"), ("/s/hematologie/agenda/", "agenda")):
        html = client.get(url).get_data(as_text=True)
        assert f'data-intro="{key}"' in html
        assert f'href="/s/hematologie/aide#{key}"' in html
        assert "J'ai compris" in html and "data-intro-close" in html


def test_outsiders_get_no_help_page_of_the_ward(login_as, people):
    assert login_as(people["outsider"]).get("/s/hematologie/aide").status_code == 403
