"""Discussion actions and reads (flush, never commit). The parent is a Publication or an
Activity; comments are published at once and watched by app.moderation."""

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from app.core.errors import DomainError
from app.core.links import link_to
from app.extensions import db
from app.limits import check_hourly
from app.models import Comment, Person, Publication
from app.moderation import services as moderation
from app.records.services import notify

BODY_MAX = 1000


def page_of(parent) -> str:
    """The parent's page, at its discussion."""
    if parent.__tablename__ == "publication":
        return link_to(
            "feed.detail", ward_slug=parent.ward.slug, publication_id=parent.id, _anchor="discussion"
        )
    return link_to(
        "activities.detail", ward_slug=parent.ward.slug, activity_id=parent.id, _anchor="discussion"
    )


def post_url_of(parent) -> str:
    if parent.__tablename__ == "publication":
        return link_to("feed.comment", ward_slug=parent.ward.slug, publication_id=parent.id)
    return link_to("activities.comment", ward_slug=parent.ward.slug, activity_id=parent.id)


def people_to_tell(parent) -> set[int]:
    """Who hears of a new message: the publication's author; the activity's referents and
    the person who proposed it."""
    if parent.__tablename__ == "publication":
        ids = [parent.author_id]
    else:
        ids = [p.id for p in parent.referents] + [parent.proposer_id]
    return {i for i in ids if i}


def comments_of(parent) -> list[Comment]:
    return db.session.scalars(
        select(Comment)
        .options(joinedload(Comment.author))
        .where(Comment.target_type == parent.__tablename__, Comment.target_id == parent.id)
        .order_by(Comment.created_at, Comment.id)
    ).all()


def add_comment(parent, *, by: Person, body: str) -> Comment:
    """A message publishes at once; the people in charge of the parent are told."""
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise DomainError("Écrivez votre message avant de l'envoyer.", field="body")
    if len(body) > BODY_MAX:
        raise DomainError("Un message compte au plus 1\u00a0000\u00a0caractères.", field="body")
    check_hourly("comment", by, parent.ward_id)
    comment = Comment(
        ward_id=parent.ward_id,
        target_type=parent.__tablename__,
        target_id=parent.id,
        author_id=by.id,
        body=body,
    )
    db.session.add(comment)
    db.session.flush()
    if isinstance(parent, Publication):
        db.session.execute(
            update(Publication)
            .where(Publication.id == parent.id)
            .values(comment_count=Publication.comment_count + 1)
            .execution_options(synchronize_session=False)
        )
    for person_id in people_to_tell(parent) - {by.id}:
        notify(
            person_id,
            "comment.added",
            f"{by.display_name} a répondu dans la discussion.",
            link=page_of(parent),
            ward=parent.ward,
        )
    return comment


def thread(parent, person: Person) -> dict:
    """What the thread fragment shows: the messages and those the person reported."""
    comments = comments_of(parent)
    return {
        "comments": comments,
        "reported": moderation.reported_by("comment", [c.id for c in comments], person),
    }
