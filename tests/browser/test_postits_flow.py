"""Post-it in a real browser: an anonymous idea, a +1, a report, the moderation queue
cleared from a phone, the idea adopted with an answer that its author then reads."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Notification
from tests.browser.conftest import DESKTOP, Page, axe_check, confirm_password_if_asked, log_in

pytestmark = pytest.mark.browser

IDEA = "Une bouilloire et des tisanes dans l'office pour la pause de nuit"
RUDE = "Toujours les mêmes qui ne rangent rien, on sait qui vous êtes"


@pytest.fixture
def ward_people(make):
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    author = make.person(ward=ward, matricule="900003", first_name="Thomas", last_name="Roux")
    colleague = make.person(ward=ward, matricule="900004", first_name="Julie", last_name="Garnier")
    admin = make.person(ward=ward, role="admin", matricule="900002", first_name="Nadia")
    other = make.person(ward=ward, first_name="Léo", last_name="Vidal")
    make.postit(ward, other, kind="need", text=RUDE)
    return ward, author, colleague, admin


@pytest.fixture
def second_page(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    wrapped = Page(context.new_page(), live_server)
    yield wrapped
    context.close()


def note_of(page, text):
    return page.locator("article.postit", has_text=text)


def test_idea_box_from_posting_to_adoption(page, second_page, phone_page, ward_people):
    _ward, author, _colleague, _admin = ward_people

    # A member posts an anonymous idea, without a page reload.
    log_in(page, "900003")
    page.goto("/s/hematologie/post-it/")
    assert axe_check(page) == []
    page.get_by_text(
        "Les administrateurs du groupe et la cadre de soins, eux, le verront toujours."
    ).wait_for()
    page.get_by_label("Idée").check()
    page.get_by_label("Votre message").fill(IDEA)
    page.get_by_label("Anonyme pour mes collègues").check()
    page.get_by_role("button", name="Afficher sur le mur").click()
    note_of(page, IDEA).wait_for()
    assert page.locator("#flashes").get_by_text("Votre post-it est affiché en haut du mur.").is_visible()
    assert page.get_by_label("Votre message").input_value() == ""
    assert "anonyme pour vos collègues" in note_of(page, IDEA).inner_text()
    assert axe_check(page) == []

    # A colleague supports it (it stays anonymous to her) and reports another note.
    log_in(second_page, "900004")
    second_page.goto("/s/hematologie/post-it/")
    idea = note_of(second_page, IDEA)
    assert "Anonyme" in idea.inner_text() and "Roux" not in idea.inner_text()
    idea.get_by_role("button", name="Je soutiens ce post-it").click()
    idea.locator('button[aria-pressed="true"]').wait_for()
    assert "1 soutien, dont vous" in note_of(second_page, IDEA).inner_text()
    rude = note_of(second_page, RUDE)
    rude.get_by_text("Signaler", exact=True).click()
    rude.get_by_label("Qu'est-ce qui pose problème").fill("Ça vise des collègues, ce n'est pas bienveillant.")
    assert axe_check(second_page) == []
    rude.get_by_role("button", name="Signaler aux modérateurs").click()
    note_of(second_page, RUDE).get_by_text("Signalé par vous").wait_for()
    assert second_page.url.endswith("/s/hematologie/post-it/")
    # Filters go through htmx and the address follows, so it can be reloaded or shared.
    second_page.get_by_text("Filtrer ou ranger par statut").click()
    second_page.get_by_label("Type", exact=True).select_option("idea")
    second_page.wait_for_url("**type=idea**")
    note_of(second_page, RUDE).wait_for(state="detached")
    second_page.reload()
    assert note_of(second_page, IDEA).count() == 1 and note_of(second_page, RUDE).count() == 0
    assert axe_check(second_page) == []

    # An admin clears the queue from a phone: hides the reported note, keeps the idea.
    log_in(phone_page, "900002")
    phone_page.goto("/s/hematologie/admin/moderation")
    confirm_password_if_asked(phone_page)
    assert axe_check(phone_page) == []
    reported = phone_page.locator("li.mod-item", has_text=RUDE)
    assert "1 signalement" in reported.inner_text()
    reported.get_by_text("Masquer…").click()
    reported.get_by_label("Raison").select_option("respect")
    assert axe_check(phone_page) == []
    reported.get_by_role("button", name="Masquer ce post-it").click()
    phone_page.get_by_text("Ce post-it est masqué. Son auteur·rice est prévenu·e.").wait_for()
    kept = phone_page.locator("li.mod-item", has_text=IDEA)
    assert "Thomas Roux" in kept.inner_text()  # anonymous to colleagues, not to admins
    kept.get_by_role("button", name="Garder", exact=True).click()
    phone_page.get_by_text("Ce post-it est gardé.").wait_for()
    phone_page.reload()
    phone_page.get_by_text("Rien à examiner").wait_for()
    assert axe_check(phone_page) == []

    # Then moves the idea to "adopted" with an answer.
    phone_page.goto("/s/hematologie/post-it/")
    assert note_of(phone_page, RUDE).count() == 0 or "Masqué" in note_of(phone_page, RUDE).inner_text()
    adopted = note_of(phone_page, IDEA)
    adopted.get_by_role("link", name="Statut et réponse").click()
    note_of(phone_page, IDEA).get_by_label("Nouveau statut").select_option("adopted")
    note_of(phone_page, IDEA).get_by_label("Réponse au service (facultative)").fill(
        "Adoptée ! La bouilloire arrive lundi."
    )
    assert axe_check(phone_page) == []
    phone_page.get_by_role("button", name="Enregistrer le statut").click()
    note_of(phone_page, IDEA).get_by_text("La bouilloire arrive lundi.").wait_for()
    assert "Adopté" in note_of(phone_page, IDEA).inner_text()

    # The colleague no longer sees the hidden note; the author reads the answer.
    second_page.goto("/s/hematologie/post-it/")
    note_of(second_page, IDEA).wait_for()
    assert note_of(second_page, RUDE).count() == 0
    page.reload()
    mine = note_of(page, IDEA)
    assert "La bouilloire arrive lundi." in mine.inner_text() and "Adopté" in mine.inner_text()
    assert axe_check(page) == []

    db.session.rollback()  # read what the app's thread committed
    told = db.session.scalars(select(Notification).where(Notification.person_id == author.id)).all()
    assert [n.kind for n in told] == ["postit.status"]
    assert "La bouilloire arrive lundi." in told[0].text
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"moderation.hidden", "moderation.kept", "postit.status"} <= actions
    for browser_page in (page, second_page, phone_page):
        assert browser_page.csp_violations == []
        assert browser_page.console_errors == []
