"""One moderation in a real browser, at phone width: a member reports a post-it, a
discussion message and an agenda event; an admin handles all three from the one queue
(hides one with a reason, keeps one, hides the event then restores it), axe clean."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.timefmt import utcnow
from app.extensions import db
from app.models import AuditEntry, Comment, Event, Notification, PostIt, Publication
from tests.browser.conftest import axe_check, confirm_password_if_asked, log_in

pytestmark = pytest.mark.browser

POSTIT = "Ceux de nuit ne font jamais rien, c'est bien connu"
MESSAGE = "Encore une réunion inutile, comme d'habitude"
EVENT = "Soirée bowling (payante, 40 €)"


@pytest.fixture
def scene(make):
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    author = make.person(ward=ward, matricule="900003", first_name="Thomas", last_name="Roux")
    make.person(ward=ward, matricule="900004", first_name="Julie", last_name="Garnier")
    make.person(ward=ward, role="admin", matricule="900002", first_name="Nadia", last_name="Benali")
    publication = Publication(
        ward_id=ward.id,
        author_id=author.id,
        kind="info",
        title="Réunion de service",
        body="Jeudi à 14 h, salle de pause.",
        status="published",
        published_at=utcnow(),
    )
    db.session.add(publication)
    db.session.flush()
    start = utcnow() + timedelta(days=3)
    event = Event(
        ward_id=ward.id,
        author_id=author.id,
        uid=f"{uuid.uuid4()}@test",
        kind="other",
        title=EVENT,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    postit = PostIt(ward_id=ward.id, author_id=author.id, kind="thanks", text=POSTIT, reviewed_at=utcnow())
    comment = Comment(
        ward_id=ward.id,
        target_type="publication",
        target_id=publication.id,
        author_id=author.id,
        body=MESSAGE,
    )
    db.session.add_all([event, postit, comment])
    db.session.commit()
    return {"author": author, "publication": publication, "event": event, "postit": postit}


def _report(page, box, reason):
    box.get_by_text("Signaler", exact=True).click()
    box.get_by_label("Qu'est-ce qui pose problème").fill(reason)
    assert axe_check(page) == []
    box.get_by_role("button", name="Signaler aux modérateurs").click()
    box.get_by_text("les modérateurs du service vont regarder").wait_for()
    assert box.get_by_text("Signalé par vous").is_visible()


def test_member_reports_three_kinds_admin_handles_them_from_one_queue(phone_page, scene):
    page = phone_page
    log_in(page, "900004")

    page.goto("/s/hematologie/post-it/")
    _report(page, page.locator(f"#signaler-post-it-{scene['postit'].id}"), "Ça vise l'équipe de nuit.")
    page.goto(f"/s/hematologie/publications/{scene['publication'].id}")
    comment_id = db.session.scalar(select(Comment.id))
    _report(page, page.locator(f"#signaler-message-{comment_id}"), "Ce n'est pas bienveillant.")

    page.goto(f"/s/hematologie/agenda/evenements/{scene['event'].id}")
    _report(page, page.locator(f"#signaler-evenement-{scene['event'].id}"), "Pas une activité du groupe.")
    page.reload()  # the page remembers the report
    assert page.get_by_text("Signalé par vous").is_visible()

    # The admin, on her phone: one queue with the three kinds.
    page.context.clear_cookies()
    log_in(page, "900002")
    page.goto("/s/hematologie/admin/moderation")
    confirm_password_if_asked(page)
    counts = page.locator(".mod-counts").inner_text()
    assert "Post-it\u00a0: 1" in counts and "Messages de discussion\u00a0: 1" in counts
    assert "Événements de l'agenda\u00a0: 1" in counts
    assert axe_check(page) == []
    postit = page.locator(f"#moderation-post-it-{scene['postit'].id}")
    message = page.locator(f"#moderation-message-{comment_id}")
    event = page.locator(f"#moderation-evenement-{scene['event'].id}")
    assert "Ça vise l'équipe de nuit." in postit.inner_text()
    assert "Julie" not in postit.inner_text() and "Garnier" not in postit.inner_text()

    # Hide the post-it with a reason (one tap on a reason, then confirm).
    postit.get_by_text("Masquer…").click()
    postit.get_by_label("Raison").select_option("respect")
    postit.get_by_label("Précision (facultative)").fill("Merci de le dire autrement.")
    assert axe_check(page) == []
    postit.get_by_role("button", name="Masquer ce post-it").click()
    page.get_by_text("Ce post-it est masqué. Son auteur·rice est prévenu·e.").wait_for()
    assert postit.get_by_role("button", name="Rétablir").is_visible()

    # Keep the message: it leaves the queue.
    message.get_by_role("button", name="Garder", exact=True).click()
    page.get_by_text("Ce message est gardé.").wait_for()

    # Hide the event, then restore it after a second look.
    event.get_by_text("Masquer…").click()
    event.get_by_label("Raison").select_option("offtopic")
    event.get_by_role("button", name="Masquer cet événement").click()
    page.get_by_text("Cet événement est masqué. Son auteur·rice est prévenu·e.").wait_for()
    event.get_by_label("Raison du rétablissement (facultative)").fill("Validé par la cadre.")
    event.get_by_role("button", name="Rétablir").click()
    page.get_by_text("Cet événement est rétabli. Son auteur·rice est prévenu·e.").wait_for()
    assert axe_check(page) == []

    page.reload()
    assert page.get_by_text("Rien à examiner").is_visible()
    assert POSTIT in page.locator("section[aria-labelledby='masques']").inner_text()
    assert axe_check(page) == []

    # On the items' own pages, the moderators find the same actions.
    for path in (
        f"/s/hematologie/agenda/evenements/{scene['event'].id}",
        f"/s/hematologie/publications/{scene['publication'].id}",
    ):
        page.goto(path)
        page.get_by_text("Masquer (modération)").first.click()
        assert axe_check(page) == []

    db.session.rollback()  # read what the app's thread committed
    told = db.session.scalars(
        select(Notification).where(Notification.person_id == scene["author"].id).order_by(Notification.id)
    ).all()
    assert [n.kind for n in told] == ["moderation.hidden", "moderation.hidden", "moderation.restored"]
    assert "Merci de le dire autrement." in told[0].text
    assert all("Julie" not in n.text and "Garnier" not in n.text for n in told)
    actions = db.session.execute(
        select(AuditEntry.action, AuditEntry.target_type).where(AuditEntry.action.like("moderation.%"))
    ).all()
    assert sorted(actions) == sorted(
        [
            ("moderation.reported", "postit"),
            ("moderation.reported", "comment"),
            ("moderation.reported", "event"),
            ("moderation.hidden", "postit"),
            ("moderation.kept", "comment"),
            ("moderation.hidden", "event"),
            ("moderation.restored", "event"),
        ]
    )
    assert page.csp_violations == [] and page.console_errors == []
