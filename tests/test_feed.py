"""The ward's news feed: publications, the validation circuit, thanks, discussions."""

import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AuditEntry,
    Comment,
    Notification,
    Publication,
    PublicationRevision,
    PublicationStep,
    Ward,
)
from tests.conftest import count_queries
from tests.factories import Factory

POST = {"kind": "deal", "title": "Tisanes offertes", "body": "Dans le placard du **haut**."}


def _submit(client, **fields):
    return client.post("/s/hematologie/publications/nouvelle", {**POST, **fields})


def _only_publication():
    return db.session.scalar(select(Publication))


def _notes(person):
    return db.session.scalars(select(Notification.kind).where(Notification.person_id == person.id)).all()


# --- submitting ------------------------------------------------------------------------------


def test_member_submission_waits_for_an_admin(login_as, people):
    response = _submit(login_as(people["member"]))
    assert response.status_code == 303
    publication = _only_publication()
    assert publication.status == "submitted"
    assert publication.published_at is None
    assert "publication.submitted" in _notes(people["admin"])
    feed = login_as(people["colleague"]).get("/s/hematologie/").get_data(as_text=True)
    assert "Tisanes offertes" not in feed
    assert (
        login_as(people["colleague"]).get(f"/s/hematologie/publications/{publication.id}").status_code == 404
    )


def test_admin_post_publishes_directly(login_as, people):
    _submit(login_as(people["admin"]))
    publication = _only_publication()
    assert publication.status == "published"
    page = login_as(people["member"]).get("/s/hematologie/").get_data(as_text=True)
    assert "Tisanes offertes" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "Donnez un titre"),
        ({"body": ""}, "Écrivez le texte"),
        ({"kind": "pirate"}, "N&#39;est pas un choix valide."),
        ({"title": "x" * 161}, "160 caractères au plus."),
    ],
)
def test_bad_submission_is_422_and_keeps_input(login_as, people, fields, message):
    response = _submit(login_as(people["member"]), **fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "Dans le placard du **haut**." in page or fields.get("body") == ""
    assert db.session.scalar(select(func.count(Publication.id))) == 0


def test_markdown_raw_html_and_javascript_links_are_neutralised(login_as, people):
    body = "<script>alert('x')</script>\n\n[clic](javascript:alert(1)) <img src=x onerror=alert(1)>"
    _submit(login_as(people["admin"]), body=body)
    publication = _only_publication()
    page = (
        login_as(people["member"]).get(f"/s/hematologie/publications/{publication.id}").get_data(as_text=True)
    )
    prose = page.split('class="prose" hx-disable>')[1].split("</div>")[0]
    assert "<script" not in prose
    assert "&lt;script&gt;" in prose
    assert "javascript:" not in prose.replace("[clic](javascript:alert(1))", "")
    assert "<img" not in prose


def _png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def test_picture_checked_by_content_and_served_to_members_only(login_as, people):
    client = login_as(people["admin"])
    response = client.post(
        "/s/hematologie/publications/nouvelle",
        {**POST, "image": (io.BytesIO(_png()), "photo.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    publication = _only_publication()
    image = login_as(people["member"]).get(f"/s/hematologie/publications/{publication.id}/image")
    assert image.status_code == 200
    assert image.mimetype == "image/png"
    assert image.headers["Content-Disposition"].startswith("inline")
    assert (
        login_as(people["outsider"]).get(f"/s/hematologie/publications/{publication.id}/image").status_code
        == 403
    )


def test_fake_picture_refused(login_as, people):
    response = login_as(people["member"]).post(
        "/s/hematologie/publications/nouvelle",
        {**POST, "image": (io.BytesIO(b"%PDF-1.4 not an image"), "photo.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "pas une image lisible" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Publication.id))) == 0


# --- the circuit ------------------------------------------------------------------------------


def test_full_circuit_send_back_fix_escalate_manager_publishes(login_as, people):
    member, admin, manager = people["member"], people["admin"], people["manager"]
    _submit(login_as(member))
    publication = _only_publication()
    url = f"/s/hematologie/publications/{publication.id}"

    assert login_as(admin).post(f"{url}/renvoyer", {"note": "Précisez le bâtiment"}).status_code == 303
    db.session.refresh(publication)
    assert publication.status == "changes"
    assert "publication.sent_back" in _notes(member)

    edit = login_as(member).post(f"{url}/modifier", {**POST, "body": "Bâtiment B, placard du haut."})
    assert edit.status_code == 303
    db.session.refresh(publication)
    assert publication.status == "submitted"

    assert login_as(admin).post(f"{url}/cadre", {"note": "Avis de la cadre ?"}).status_code == 303
    db.session.refresh(publication)
    assert publication.status == "escalated"
    assert "publication.escalated" in _notes(manager)
    assert login_as(admin).post(f"{url}/publier").status_code == 409  # now the manager decides

    assert login_as(manager).post(f"{url}/publier").status_code == 303
    db.session.refresh(publication)
    assert publication.status == "published"
    assert "publication.published" in _notes(member)
    actions = db.session.scalars(select(PublicationStep.action).order_by(PublicationStep.id)).all()
    assert actions == ["submitted", "sent_back", "resubmitted", "escalated", "published"]
    history = login_as(member).get(url).get_data(as_text=True)
    assert "Renvoyée pour retouches" in history
    assert "Précisez le bâtiment" in history


def test_refusal_needs_a_reason_and_tells_the_author(login_as, people):
    _submit(login_as(people["member"]))
    publication = _only_publication()
    url = f"/s/hematologie/publications/{publication.id}"
    empty = login_as(people["admin"]).post(f"{url}/refuser", {"note": " "})
    assert empty.status_code == 422
    assert "Indiquez la raison du refus" in empty.get_data(as_text=True)
    db.session.refresh(publication)
    assert publication.status == "submitted"
    assert login_as(people["admin"]).post(f"{url}/refuser", {"note": "Hors sujet"}).status_code == 303
    db.session.refresh(publication)
    assert publication.status == "refused"
    assert db.session.scalar(select(AuditEntry.reason).where(AuditEntry.action == "publication.refused")) == (
        "Hors sujet"
    )


def test_member_cannot_review_or_edit_someone_elses_post(login_as, people):
    _submit(login_as(people["member"]))
    publication = _only_publication()
    url = f"/s/hematologie/publications/{publication.id}"
    colleague = login_as(people["colleague"])
    assert colleague.post(f"{url}/publier").status_code == 404  # not even visible
    login_as(people["admin"]).post(f"{url}/publier")
    assert colleague.post(f"{url}/publier").status_code == 403
    assert colleague.get(f"{url}/modifier").status_code == 403
    assert colleague.post(f"{url}/modifier", {**POST, "title": "Piraté"}).status_code == 403
    db.session.refresh(publication)
    assert publication.title == "Tisanes offertes"


def test_second_reviewer_is_told_it_moved(login_as, people, make, ward):
    other_admin = make.person(ward=ward, role="admin")
    _submit(login_as(people["member"]))
    publication = _only_publication()
    url = f"/s/hematologie/publications/{publication.id}"
    assert login_as(people["admin"]).post(f"{url}/publier").status_code == 303
    second = login_as(other_admin).post(f"{url}/refuser", {"note": "non"})
    assert second.status_code == 409  # no longer reviewable: told, nothing changed
    db.session.refresh(publication)
    assert publication.status == "published"


def test_admin_edit_of_published_post_keeps_history(login_as, people):
    _submit(login_as(people["admin"]))
    publication = _only_publication()
    url = f"/s/hematologie/publications/{publication.id}"
    assert (
        login_as(people["admin"]).post(f"{url}/modifier", {**POST, "title": "Tisanes et cafés"}).status_code
        == 303
    )
    revision = db.session.scalar(select(PublicationRevision))
    assert revision.title == "Tisanes offertes"
    assert login_as(people["member"]).get(f"{url}/modifier").status_code == 403


def test_pin_and_archive(login_as, people):
    _submit(login_as(people["admin"]))
    publication = _only_publication()
    url = f"/s/hematologie/publications/{publication.id}"
    admin = login_as(people["admin"])
    assert login_as(people["member"]).post(f"{url}/epingler").status_code == 403
    admin.post(f"{url}/epingler")
    db.session.refresh(publication)
    assert publication.pinned
    home = login_as(people["member"]).get("/s/hematologie/").get_data(as_text=True)
    assert home.count("Tisanes offertes") == 1  # pinned above the feed, not twice
    admin.post(f"{url}/archiver")
    db.session.refresh(publication)
    assert publication.status == "archived"
    assert not publication.pinned


# --- thanks, comments -------------------------------------------------------------------------


def test_one_thanks_per_person_toggled_with_htmx(login_as, people):
    _submit(login_as(people["admin"]))
    publication = _only_publication()
    url = f"/s/hematologie/publications/{publication.id}/merci"
    member = login_as(people["member"])
    first = member.post(url, htmx=True)
    assert first.status_code == 200
    assert 'aria-pressed="true"' in first.get_data(as_text=True)
    db.session.refresh(publication)
    assert publication.thanks_count == 1
    member.post(url, htmx=True)
    db.session.refresh(publication)
    assert publication.thanks_count == 0
    assert login_as(people["admin"]).post(url).status_code == 403  # not for your own post


def test_comment_thread_with_htmx_and_author_told(login_as, people):
    _submit(login_as(people["member"]))
    publication = _only_publication()
    base = f"/s/hematologie/publications/{publication.id}"
    login_as(people["admin"]).post(f"{base}/publier")
    colleague = login_as(people["colleague"])
    empty = colleague.post(f"{base}/commentaires", {"body": "  "}, htmx=True)
    assert empty.status_code == 422
    response = colleague.post(
        f"{base}/commentaires", {"body": "<b>Merci</b> https://intranet.chu/tisanes"}, htmx=True
    )
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.startswith('<div id="discussion-fil"')
    assert "&lt;b&gt;Merci&lt;/b&gt;" in fragment
    assert 'href="https://intranet.chu/tisanes"' in fragment
    assert "comment.added" in _notes(people["member"])
    db.session.refresh(publication)
    assert publication.comment_count == 1


def test_comment_report_and_moderation(login_as, people):
    _submit(login_as(people["admin"]))
    publication = _only_publication()
    base = f"/s/hematologie/publications/{publication.id}"
    login_as(people["member"]).post(f"{base}/commentaires", {"body": "Message limite"})
    comment = db.session.scalar(select(Comment))
    own = login_as(people["member"]).post(f"/s/hematologie/signaler/message/{comment.id}", {"reason": "x"})
    assert own.status_code == 422
    db.session.refresh(comment)
    assert comment.report_count == 0  # one does not report oneself
    login_as(people["colleague"]).post(
        f"/s/hematologie/signaler/message/{comment.id}", {"reason": "Blessant"}
    )
    db.session.refresh(comment)
    assert comment.report_count == 1
    assert (
        login_as(people["colleague"])
        .post(f"/s/hematologie/admin/moderation/message/{comment.id}/masquer", {"reason": "respect"})
        .status_code
        == 403
    )
    login_as(people["admin"]).post(
        f"/s/hematologie/admin/moderation/message/{comment.id}/masquer", {"reason": "respect"}
    )
    db.session.refresh(comment)
    assert comment.hidden
    assert "moderation.hidden" in _notes(people["member"])
    page = login_as(people["colleague"]).get(base).get_data(as_text=True)
    assert "Message limite" not in page
    assert "Message masqué par la modération." in page


# --- the ward home ------------------------------------------------------------------------------


def _published(ward, author, n, kind="article"):
    for i in range(n):
        Factory().publication(ward, author, kind=kind, title=f"Nouvelle {i:02d}")


def test_home_pages_with_more_and_filters(login_as, people, ward):
    _published(ward, people["admin"], 12)
    _published(ward, people["admin"], 1, kind="deal")
    client = login_as(people["member"])
    page = client.get("/s/hematologie/").get_data(as_text=True)
    assert page.count('class="card publication') == 10
    assert "Voir plus de publications" in page
    last_id = page.split("/s/hematologie/?apres=")[1].split('"')[0]
    more = client.get(f"/s/hematologie/?apres={last_id}", htmx=True).get_data(as_text=True)
    assert more.count('class="card publication') == 3
    deals = client.get("/s/hematologie/?type=deal", htmx=True)
    assert deals.get_data(as_text=True).count('class="card publication') == 1
    assert {"Cookie", "HX-Request"} <= {part.strip() for part in deals.headers["Vary"].split(",")}
    search = client.get("/s/hematologie/?q=Nouvelle 11").get_data(as_text=True)
    assert "Nouvelle 11" in search
    assert client.get("/s/hematologie/?type=inconnu&apres=abc").status_code == 200


def test_home_query_count_is_fixed(login_as, people, ward):
    client = login_as(people["member"])
    _published(ward, people["admin"], 2)
    with count_queries() as few:
        client.get("/s/hematologie/")
    _published(ward, people["admin"], 30)
    with count_queries() as many:
        client.get("/s/hematologie/")
    assert len(few) == len(many)
    assert len(many) <= 12


def test_another_wards_publication_is_404(login_as, people):
    oncologie = db.session.scalar(select(Ward).where(Ward.slug == "oncologie"))
    _published(oncologie, people["outsider"], 1)
    publication = _only_publication()
    assert login_as(people["admin"]).get(f"/s/hematologie/publications/{publication.id}").status_code == 404
    assert (
        login_as(people["admin"]).post(f"/s/hematologie/publications/{publication.id}/merci").status_code
        == 404
    )


def test_home_shows_latest_visible_postits_without_author(login_as, people, ward, make):
    make.postit(ward, people["colleague"], kind="thanks", text="Merci l'équipe de nuit")
    make.postit(ward, people["colleague"], kind="idea", text="Note masquée", hidden=True)
    page = login_as(people["member"]).get("/s/hematologie/").get_data(as_text=True)
    aside = page.split('class="home-aside"')[1]
    assert "Merci l&#39;équipe de nuit" in aside
    assert "Note masquée" not in aside
    assert "Julie" not in aside


def test_moderation_queue_lists_publications_and_reported_messages(login_as, people):
    _submit(login_as(people["member"]), title="Idée à valider")
    _submit(login_as(people["admin"]), title="Déjà en ligne")
    published = db.session.scalar(select(Publication).where(Publication.title == "Déjà en ligne"))
    base = f"/s/hematologie/publications/{published.id}"
    login_as(people["member"]).post(f"{base}/commentaires", {"body": "Message limite"})
    comment = db.session.scalar(select(Comment))
    login_as(people["colleague"]).post(
        f"/s/hematologie/signaler/message/{comment.id}", {"reason": "Blessant"}
    )
    admin = login_as(people["admin"])
    page = admin.get("/s/hematologie/admin/moderation").get_data(as_text=True)
    assert "Idée à valider" in page
    assert "Message limite" in page
    assert admin.post(f"/s/hematologie/admin/moderation/message/{comment.id}/garder").status_code == 303
    page = admin.get("/s/hematologie/admin/moderation").get_data(as_text=True)
    assert "Message limite" not in page
    assert "Rien à examiner" in page
