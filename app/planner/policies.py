"""Who may do what in the planner: sign up, keep slots, see who comes, give feedback."""

from app.activities.policies import is_activity_referent
from app.core.timefmt import utcnow
from app.models import Activity, Person, SignUp, Slot
from app.policies import can_administer_ward, can_write_in_ward


def can_sign_up(person, slot: Slot) -> bool:
    """A member, on an open future slot of an active activity."""
    return (
        slot.status == "open"
        and slot.activity.status == "active"
        and slot.starts_at > utcnow()
        and can_write_in_ward(person, slot.activity.ward)
    )


def can_leave_slot(person, slot: Slot) -> bool:
    """One cannot join or leave a slot that has already begun."""
    return slot.starts_at > utcnow() and can_write_in_ward(person, slot.activity.ward)


def can_manage_slots(person, activity: Activity) -> bool:
    """Referents of the activity, admins and the manager add, move and cancel its slots."""
    if activity.status != "active" or not can_write_in_ward(person, activity.ward):
        return False
    return is_activity_referent(person, activity) or can_administer_ward(person, activity.ward)


def can_see_roster(person, slot: Slot) -> bool:
    """Who is signed up and waiting: the activity's referents, admins and the manager."""
    return is_activity_referent(person, slot.activity) or can_administer_ward(person, slot.activity.ward)


def can_mark_attendance(person, slot: Slot) -> bool:
    return (
        slot.status != "cancelled"
        and can_write_in_ward(person, slot.activity.ward)
        and can_see_roster(person, slot)
    )


def can_leave_feedback(person, slot: Slot, sign_up: SignUp | None) -> bool:
    """After the session, those who attended rate it once."""
    return (
        isinstance(person, Person)
        and sign_up is not None
        and sign_up.person_id == person.id
        and sign_up.status == "confirmed"
        and sign_up.attended is True
        and slot.ends_at <= utcnow()
        and can_write_in_ward(person, slot.activity.ward)
    )


def can_see_feedback(person, activity: Activity) -> bool:
    return is_activity_referent(person, activity) or can_administer_ward(person, activity.ward)
