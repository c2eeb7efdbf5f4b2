"""The public portal: the three doors, the guides from Markdown files, personal progress."""

from sqlalchemy import select

from app.extensions import db
from app.models import GuideProgress
from app.public.guides import all_guides


def test_three_doors_lead_somewhere(client):
    page = client.get("/").get_data(as_text=True)
    for href in ('href="/savoir"', 'href="/guide"', 'href="/connexion"'):
        assert href in page


def test_know_page_explains_what_it_is_and_is_not(client):
    page = client.get("/savoir").get_data(as_text=True)
    assert "Ce que ce n'est pas" in page
    assert "signaler" in page
    assert "Hématologie" in page


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
    assert "1 exercice fait sur 15" in login_as(thomas).get("/guide/devenir-bienveillant").get_data(
        as_text=True
    )
    assert "0 exercice fait sur 15" in login_as(julie).get("/guide/devenir-bienveillant").get_data(
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
