"""Who may write in a discussion: the parent's own rule."""

from app.activities.policies import can_comment_activity
from app.feed.policies import can_comment_publication


def can_comment(person, parent) -> bool:
    if parent.__tablename__ == "publication":
        return can_comment_publication(person, parent)
    return can_comment_activity(person, parent)
