"""Who may do what with the feed's publications and the discussions."""

from app.models import Person, Publication, Ward
from app.policies import can_administer_ward, can_view_ward, can_write_in_ward, is_ward_manager

READABLE_BY_ALL = ("published", "archived")


def _is_author(person, publication: Publication) -> bool:
    return isinstance(person, Person) and publication.author_id == person.id


def can_submit_publication(person, ward: Ward) -> bool:
    """Any member proposes; it waits for an admin unless they may publish directly."""
    return can_write_in_ward(person, ward)


def can_publish_directly(person, ward: Ward) -> bool:
    """Admins' and the manager's own posts publish at once."""
    return can_administer_ward(person, ward)


def can_read_publication(person, publication: Publication) -> bool:
    if not can_view_ward(person, publication.ward):
        return False
    if publication.status in READABLE_BY_ALL:
        return True
    return _is_author(person, publication) or can_administer_ward(person, publication.ward)


def can_review_publication(person, publication: Publication) -> bool:
    """Submitted posts are decided by an admin; escalated ones by the ward manager."""
    if publication.status == "submitted":
        return can_administer_ward(person, publication.ward)
    if publication.status == "escalated":
        return is_ward_manager(person, publication.ward)
    return False


def can_escalate_publication(person, publication: Publication) -> bool:
    """An admin in doubt asks the ward manager."""
    return (
        publication.status == "submitted"
        and can_administer_ward(person, publication.ward)
        and not is_ward_manager(person, publication.ward)
    )


def can_edit_publication(person, publication: Publication) -> bool:
    """The author until it is decided (or when sent back); admins on published posts."""
    if publication.status in ("submitted", "changes") and _is_author(person, publication):
        return can_write_in_ward(person, publication.ward)
    return publication.status == "published" and can_administer_ward(person, publication.ward)


def can_curate_publication(person, publication: Publication) -> bool:
    """Pin, unpin, archive: admins and the manager, on published posts."""
    return publication.status == "published" and can_administer_ward(person, publication.ward)


def can_see_publication_history(person, publication: Publication) -> bool:
    return _is_author(person, publication) or can_administer_ward(person, publication.ward)


def can_thank_publication(person, publication: Publication) -> bool:
    return (
        publication.status == "published"
        and not _is_author(person, publication)
        and can_write_in_ward(person, publication.ward)
    )


def can_comment_publication(person, publication: Publication) -> bool:
    return publication.status == "published" and can_write_in_ward(person, publication.ward)
