"""Who may do what on the post-it board. Asked by views and templates alike."""

from datetime import timedelta

from app.core.timefmt import utcnow
from app.models import Person, PostIt
from app.policies import can_administer_ward, can_write_in_ward, membership_of

EDIT_WINDOW = timedelta(minutes=15)


def _is_author(person, postit: PostIt) -> bool:
    return isinstance(person, Person) and postit.author_id is not None and postit.author_id == person.id


def is_postit_author(person, postit: PostIt) -> bool:
    """Only the author deletes (in the first minutes) or withdraws her own note."""
    return _is_author(person, postit)


def can_post_postit(person, ward) -> bool:
    """Every member of the ward may post (the hourly limit is a service rule), not while suspended."""
    return can_write_in_ward(person, ward)


def can_see_postit(person, postit: PostIt) -> bool:
    """Hidden notes disappear for colleagues; their author and the moderators still see them."""
    if membership_of(person, postit.ward) is None:
        return False
    return not postit.hidden or _is_author(person, postit) or can_administer_ward(person, postit.ward)


def can_see_postit_author(person, postit: PostIt) -> bool:
    """Anonymous notes hide the author from colleagues; admins and the manager still see it."""
    if not postit.anonymous:
        return True
    return _is_author(person, postit) or can_administer_ward(person, postit.ward)


def can_support(person, postit: PostIt) -> bool:
    """A "+1" from any member but the author, on a visible note."""
    return can_write_in_ward(person, postit.ward) and not postit.hidden and not _is_author(person, postit)


def can_edit_own_postit(person, postit: PostIt, now=None) -> bool:
    """The author may edit or delete a note within 15 minutes of posting it."""
    now = now or utcnow()
    return (
        _is_author(person, postit)
        and not postit.hidden
        and now - postit.created_at < EDIT_WINDOW
        and can_write_in_ward(person, postit.ward)
    )


def can_withdraw_own_postit(person, postit: PostIt) -> bool:
    """After the 15 minutes, the author can still take the note off the board (hide it)."""
    return _is_author(person, postit) and not postit.hidden and can_write_in_ward(person, postit.ward)


def can_set_postit_status(person, postit: PostIt) -> bool:
    """Admins and the manager move ideas, needs and questions through their statuses."""
    return postit.kind != "thanks" and can_administer_ward(person, postit.ward)
