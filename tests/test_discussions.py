"""The discussion under a publication and under an activity: one model, one service, one
thread fragment, and the shared report button under each message."""

import pytest
from sqlalchemy import func, select

from app.core.errors import DomainError
from app.core.timefmt import utcnow
from app.discussions import services
from app.extensions import db
from app.models import ActivityReferent, Comment, Notification, Publication
from tests.test_activities import make_activity


@pytest.fixture
def ward(make):
    return make.ward("hematologie", "Hématologie – Soins intensifs")


@pytest.fixture
def people(make, ward):
    return {
        "author": make.person(ward=ward, first_name="Thomas", last_name="Roux"),
        "colleague": make.person(ward=ward, first_name="Julie", last_name="Garnier"),
        "referent": make.person(ward=ward, first_name="Inès", last_name="Moreau"),
        "admin": make.person(ward=ward, role="admin", first_name="Nadia", last_name="Benali"),
    }


@pytest.fixture
def publication(ward, people):
    item = Publication(
        ward_id=ward.id,
        author_id=people["author"].id,
        kind="info",
        title="Tisanerie",
        body="Elle ouvre lundi.",
        status="published",
        published_at=utcnow(),
    )
    db.session.add(item)
    db.session.commit()
    return item


@pytest.fixture
def activity(ward, people):
    item = make_activity(ward, people["author"], status="active")
    db.session.add(ActivityReferent(activity_id=item.id, person_id=people["referent"].id))
    db.session.commit()
    return item


def told(person, kind="comment.added") -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.person_id == person.id, Notification.kind == kind
        )
    )


def test_a_message_under_my_publication_tells_me(login_as, people, publication):
    url = f"/s/hematologie/publications/{publication.id}/commentaires"
    http = login_as(people["colleague"])
    response = http.post(url, {"body": "Super nouvelle !"}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="discussion-fil"' in body and "<html" not in body
    assert "Super nouvelle !" in body and "Message publié." in body
    assert told(people["author"]) == 1 and told(people["colleague"]) == 0
    db.session.refresh(publication)
    assert publication.comment_count == 1
    own = login_as(people["author"]).post(url, {"body": "Merci !"}, htmx=True)
    assert own.status_code == 200 and told(people["author"]) == 1  # not told of one's own message
    note = db.session.scalar(select(Notification).where(Notification.kind == "comment.added"))
    assert note.link.endswith(f"/publications/{publication.id}#discussion")


def test_a_message_under_an_activity_tells_its_referents_and_proposer(login_as, people, activity):
    url = f"/s/hematologie/activites/{activity.id}/commentaires"
    response = login_as(people["colleague"]).post(url, {"body": "Je viendrai jeudi."}, htmx=True)
    assert response.status_code == 200 and "Je viendrai jeudi." in response.get_data(as_text=True)
    assert told(people["author"]) == 1 and told(people["referent"]) == 1
    comment = db.session.scalar(select(Comment))
    assert (comment.target_type, comment.target_id) == ("activity", activity.id)
    page = login_as(people["admin"]).get(f"/s/hematologie/activites/{activity.id}").get_data(as_text=True)
    assert "Je viendrai jeudi." in page


@pytest.mark.parametrize(
    ("body", "message"),
    [("   ", "Écrivez votre message"), ("x" * 1001, "1\u00a0000\u00a0caractères au plus")],
)
def test_bad_message_is_422_and_keeps_what_was_typed(login_as, people, publication, body, message):
    url = f"/s/hematologie/publications/{publication.id}/commentaires"
    http = login_as(people["colleague"])
    for htmx in (True, False):
        response = http.post(url, {"body": body}, htmx=htmx)
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and message in page
        if body.strip():
            assert body in page
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_without_javascript_back_to_the_discussion(login_as, people, publication):
    url = f"/s/hematologie/publications/{publication.id}/commentaires"
    response = login_as(people["colleague"]).post(url, {"body": "Bravo"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/publications/{publication.id}#discussion")


def test_thread_offers_report_to_colleagues_and_hides_for_them_only(login_as, people, publication):
    url = f"/s/hematologie/publications/{publication.id}"
    login_as(people["author"]).post(f"{url}/commentaires", {"body": "Message limite"})
    comment = db.session.scalar(select(Comment))
    colleague = login_as(people["colleague"])
    assert f'id="signaler-message-{comment.id}"' in colleague.get(url).get_data(as_text=True)
    own_page = login_as(people["author"]).get(url).get_data(as_text=True)
    assert "Signaler aux modérateurs" not in own_page
    colleague.post(f"/s/hematologie/signaler/message/{comment.id}", {"reason": "Blessant"})
    assert "Signalé par vous" in colleague.get(url).get_data(as_text=True)
    admin = login_as(people["admin"])
    admin.post(f"/s/hematologie/admin/moderation/message/{comment.id}/masquer", {"reason": "respect"})
    page = colleague.get(url).get_data(as_text=True)
    assert "Message limite" not in page and "Message masqué par la modération." in page
    mine = login_as(people["author"]).get(url).get_data(as_text=True)
    assert "Message limite" in mine and "Propos irrespectueux" in mine  # the author sees why


def test_service_refuses_an_empty_message(app, people, publication):
    with app.test_request_context(), pytest.raises(DomainError, match="Écrivez votre message"):
        services.add_comment(publication, by=people["colleague"], body="\r\n ")
