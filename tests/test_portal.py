"""The public portal: the three doors, the guides from Markdown files, personal progress."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import GuideProgress
from app.public.guides import all_guides, french_spacing
from tests.conftest import count_queries


def test_three_doors_lead_somewhere(client):
    page = client.get("/").get_data(as_text=True)
    for href in ('href="/savoir"', 'href="/guide"', 'href="/connexion"'):
        assert href in page


def test_know_page_explains_what_it_is_and_is_not(client):
    page = client.get("/savoir").get_data(as_text=True)
    assert "Ce que ce n'est pas" in page
    assert "Pas un outil de signalement" in page
    assert "Pas un outil de détection" in page
    for fact in ("Hématologie", "cadre de proximité", "Extracteur d'Innovation", "concours SHAM", "Anact"):
        assert fact in page


def test_three_guides_with_steps_and_checklists(client):
    guides = all_guides()
    assert [g.slug for g in guides] == ["construire-un-groupe", "monter-une-activite", "devenir-bienveillant"]
    assert all(len(g.steps) >= 5 and g.item_keys for g in guides)
    listing = client.get("/guide").get_data(as_text=True)
    for guide in guides:
        assert guide.title.replace("'", "&#39;") in listing
        assert client.get(f"/guide/{guide.slug}").status_code == 200
        assert client.get(f"/guide/{guide.slug}/1").status_code == 200


def test_unknown_guide_or_step_is_a_french_404(client):
    for url in (
        "/guide/inconnu",
        "/guide/inconnu/1",
        "/guide/monter-une-activite/99",
        "/guide/monter-une-activite/0",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Page introuvable" in response.get_data(as_text=True)


def test_progress_is_personal_and_kept(login_as, make, client):
    ward = make.ward()
    thomas, julie = make.person(ward=ward), make.person(ward=ward)
    mine = login_as(thomas)
    toggled = mine.post("/guide/devenir-bienveillant/2/coche/2-1", htmx=True)
    assert toggled.status_code == 200
    assert 'aria-pressed="true"' in toggled.get_data(as_text=True)
    assert (
        db.session.scalar(select(GuideProgress.item_key).where(GuideProgress.person_id == thomas.id)) == "2-1"
    )
    # The next day, another session: still there. A colleague sees nothing of it.
    assert "1 exercice fait sur 17" in login_as(thomas).get("/guide/devenir-bienveillant").get_data(
        as_text=True
    )
    assert "0 exercice fait sur 17" in login_as(julie).get("/guide/devenir-bienveillant").get_data(
        as_text=True
    )
    mine.post("/guide/devenir-bienveillant/2/coche/2-1", htmx=True)
    assert db.session.scalar(select(GuideProgress.id)) is None
    assert mine.post("/guide/devenir-bienveillant/2/coche/9-9").status_code == 404
    assert client.post("/guide/devenir-bienveillant/2/coche/2-1").status_code == 302  # log in first


def test_last_step_of_the_activity_guide_ends_on_the_proposal_form(login_as, make):
    ward = make.ward("hematologie")
    page = login_as(make.person(ward=ward)).get("/guide/monter-une-activite/8").get_data(as_text=True)
    assert 'href="/s/hematologie/activites/proposer"' in page


def _visible_text(html: str) -> str:
    main = html.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    return re.sub(r"<[^>]+>", " ", main)


def test_french_typography_on_the_public_pages(client, login_as, make):
    urls = ["/", "/savoir", "/guide"] + [f"/guide/{g.slug}/{s.number}" for g in all_guides() for s in g.steps]
    member = login_as(make.person(ward=make.ward("hematologie")))
    for url in urls:
        for who in (client, member):
            text = _visible_text(who.get(url).get_data(as_text=True))
            assert not re.search(r"\S [:;!?»]|« ", text), url


def test_french_spacing_of_guide_files():
    assert french_spacing("Prêt ? « Oui » : à 14 h ; bien !") == (
        "Prêt\u00a0? «\u00a0Oui\u00a0»\u00a0: à 14\u00a0h\u00a0; bien\u00a0!"
    )
    assert french_spacing("[lien](https://exemple.fr/a?b=c)") == "[lien](https://exemple.fr/a?b=c)"


def test_tools_of_a_step_link_to_the_readers_own_ward(client, login_as, make):
    ward = make.ward("hematologie")
    visitor = client.get("/guide/devenir-bienveillant/2").get_data(as_text=True)
    assert "Post-it de service" in visitor
    assert "/s/" not in visitor  # no ward of theirs: the tool is named, never a dead link
    member = login_as(make.person(ward=ward)).get("/guide/devenir-bienveillant/2").get_data(as_text=True)
    assert 'href="/s/hematologie/post-it/">Post-it de service</a>' in member
    poster = client.get("/guide/construire-un-groupe/5").get_data(as_text=True)
    assert 'href="/affiche"' in poster  # a public tool links for everyone


def test_visitor_at_the_end_of_the_activity_guide_is_asked_to_log_in(client):
    page = client.get("/guide/monter-une-activite/8").get_data(as_text=True)
    assert "/connexion?next=/guide/monter-une-activite/8" in page
    assert "/activites/proposer" not in page


def test_guide_pages_run_a_fixed_number_of_queries(login_as, make):
    ward = make.ward("hematologie")
    person = make.person(ward=ward)
    mine = login_as(person)
    for key in ("1-1", "1-2", "2-1"):
        step = key.split("-")[0]
        mine.post(f"/guide/devenir-bienveillant/{step}/coche/{key}", htmx=True)
    counts = []
    for _ in range(2):
        with count_queries() as statements:
            assert mine.get("/guide/devenir-bienveillant/6").status_code == 200
        counts.append(len(statements))
        mine.post("/guide/devenir-bienveillant/3/coche/3-1", htmx=True)
    assert counts[0] == counts[1] <= 6


def test_toggle_refuses_a_missing_token_and_a_wrong_step(login_as, make):
    person = make.person(ward=make.ward("hematologie"))
    mine = login_as(person)
    assert mine.post("/guide/devenir-bienveillant/1/coche/2-1").status_code == 404  # item of step 2
    assert mine.post("/guide/devenir-bienveillant/7/coche/2-1").status_code == 404
    assert db.session.scalar(select(GuideProgress.id)) is None


def test_guide_page_offers_to_resume_where_one_stopped(login_as, make):
    mine = login_as(make.person(ward=make.ward("hematologie")))
    assert ">Commencer</a>" in mine.get("/guide/devenir-bienveillant").get_data(as_text=True)
    for key in ("1-1", "1-2", "1-3"):
        mine.post(f"/guide/devenir-bienveillant/1/coche/{key}", htmx=True)
    page = mine.get("/guide/devenir-bienveillant").get_data(as_text=True)
    assert 'href="/guide/devenir-bienveillant/2">Reprendre\u00a0: Semaine 2\u00a0: remercier</a>' in page
