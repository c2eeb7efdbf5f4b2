"""Who may do what in the agenda."""

from app.models import DatePoll, Event, Person, Ward
from app.policies import can_administer_ward, can_view_ward, can_write_in_ward


def can_add_event(person, ward: Ward) -> bool:
    return can_write_in_ward(person, ward)


def can_see_event(person, event: Event) -> bool:
    if not can_view_ward(person, event.ward):
        return False
    return not event.hidden or can_administer_ward(person, event.ward) or _is_author(person, event)


def _is_author(person, event: Event) -> bool:
    return isinstance(person, Person) and event.author_id == person.id


def can_edit_event(person, event: Event) -> bool:
    """The author, admins and the manager edit or cancel an event."""
    if event.cancelled or not can_write_in_ward(person, event.ward):
        return False
    return _is_author(person, event) or can_administer_ward(person, event.ward)


def can_answer_poll(person, poll: DatePoll, ward: Ward) -> bool:
    return poll.closed_at is None and can_write_in_ward(person, ward)


def can_close_poll(person, poll: DatePoll, ward: Ward) -> bool:
    """The organiser (or an admin) picks the date."""
    if poll.closed_at is not None or not can_write_in_ward(person, ward):
        return False
    return (isinstance(person, Person) and poll.organiser_id == person.id) or can_administer_ward(
        person, ward
    )
