"""Who may report and who moderates, the same for every kind of item."""

from app.models import Person, Ward
from app.policies import can_administer_ward, can_write_in_ward


def is_author_of(person, item) -> bool:
    return isinstance(person, Person) and item.author_id is not None and item.author_id == person.id


def can_report(person, item) -> bool:
    """Any member may report a colleague's visible item (never their own)."""
    return can_write_in_ward(person, item.ward) and not item.hidden and not is_author_of(person, item)


def can_moderate(person, ward: Ward) -> bool:
    """Admins and the ward manager hide, keep and restore, from the ward's moderation queue."""
    return can_administer_ward(person, ward)
