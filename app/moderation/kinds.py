"""The kinds of things that can be reported, and what moderation needs to know of each.

A new kind (publications, common-space posts…) joins by giving its model the
`app.models.moderation.Moderated` mixin and adding one `Kind` here."""

from collections.abc import Callable
from dataclasses import dataclass

from app.core.links import link_to
from app.models import Comment, Event, PostIt


@dataclass(frozen=True)
class Kind:
    name: str  # the model's table: stored in `report.target_type` and the audit log
    slug: str  # in URLs
    model: type
    noun: str  # "post-it" — in "Votre post-it « … » a été masqué"
    this: str  # "ce post-it"
    heading: str  # the queue's count label
    text_of: Callable
    page_of: Callable  # where the item is read, for links and redirects
    waits_unreported: bool = False  # new items are looked at even when nobody reported them

    def excerpt(self, item, size: int = 60) -> str:
        text = " ".join((self.text_of(item) or "").split())
        return text if len(text) <= size else text[: size - 1] + "…"

    def page(self, item) -> str:
        return self.page_of(item)


def _comment_page(comment: Comment) -> str:
    anchor = f"message-{comment.id}"
    if comment.target_type == "activity":
        return link_to(
            "activities.detail", ward_slug=comment.ward.slug, activity_id=comment.target_id, _anchor=anchor
        )
    return link_to(
        "feed.detail", ward_slug=comment.ward.slug, publication_id=comment.target_id, _anchor=anchor
    )


KINDS = (
    Kind(
        name="postit",
        slug="post-it",
        model=PostIt,
        noun="post-it",
        this="ce post-it",
        heading="Post-it",
        text_of=lambda p: p.text,
        page_of=lambda p: link_to("postits.show", ward_slug=p.ward.slug, postit_id=p.id),
        waits_unreported=True,
    ),
    Kind(
        name="comment",
        slug="message",
        model=Comment,
        noun="message",
        this="ce message",
        heading="Messages de discussion",
        text_of=lambda c: c.body,
        page_of=_comment_page,
    ),
    Kind(
        name="event",
        slug="evenement",
        model=Event,
        noun="événement",
        this="cet événement",
        heading="Événements de l'agenda",
        text_of=lambda e: e.title,
        page_of=lambda e: link_to("agenda.event", ward_slug=e.ward.slug, event_id=e.id),
    ),
)
BY_SLUG = {kind.slug: kind for kind in KINDS}
BY_NAME = {kind.name: kind for kind in KINDS}


def kind_of(item) -> Kind:
    return BY_NAME[item.__tablename__]
