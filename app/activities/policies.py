"""Who may do what with activities: propose, review, authorise, stop, keep them up to date."""

from app.models import Activity, Person, Ward
from app.policies import (
    can_administer_ward,
    can_manage_platform,
    can_view_ward,
    can_write_in_ward,
    delegation_covers,
    delegation_of,
    is_ward_manager,
)

PUBLIC_STATUSES = ("active", "suspended")
EDITABLE_BY_PROPOSER = ("draft", "changes")


def _is_proposer(person, activity: Activity) -> bool:
    return isinstance(person, Person) and activity.proposer_id == person.id


def is_activity_referent(person, activity: Activity) -> bool:
    return isinstance(person, Person) and any(link.person_id == person.id for link in activity.referent_links)


def can_propose_activity(person, ward: Ward) -> bool:
    """Any member may propose an activity (not while suspended)."""
    return can_write_in_ward(person, ward)


def can_see_activity(person, activity: Activity) -> bool:
    """Active and suspended activities are the ward's; proposals are their author's and the admins'."""
    if not can_view_ward(person, activity.ward):
        return False
    if activity.status in PUBLIC_STATUSES:
        return True
    return _is_proposer(person, activity) or can_administer_ward(person, activity.ward)


def can_edit_proposal(person, activity: Activity) -> bool:
    """The author fills in the proposal while it is a draft or has questions to answer."""
    return (
        activity.status in EDITABLE_BY_PROPOSER
        and _is_proposer(person, activity)
        and can_write_in_ward(person, activity.ward)
    )


def can_update_activity(person, activity: Activity) -> bool:
    """Referents, admins and the manager keep an active activity's details up to date."""
    if activity.status not in ("active", "suspended") or not can_write_in_ward(person, activity.ward):
        return False
    return is_activity_referent(person, activity) or can_administer_ward(person, activity.ward)


def can_submit_activity(person, activity: Activity) -> bool:
    return can_edit_proposal(person, activity)


def can_review_activity(person, activity: Activity) -> bool:
    """Admins (and the manager) examine a submitted proposal: questions, forward, refuse."""
    return activity.status == "submitted" and can_administer_ward(person, activity.ward)


def can_authorise_activity(person, activity: Activity) -> bool:
    """The ward manager authorises or refuses what the admins forwarded (or a submitted one);
    an admin too, for what the manager's delegation covers."""
    if activity.status not in ("submitted", "reviewed"):
        return False
    return is_ward_manager(person, activity.ward) or authorises_by_delegation(person, activity)


def authorises_by_delegation(person, activity: Activity) -> bool:
    """An admin (not the manager) and an activity the ward's delegation covers: short, on
    the ward's premises, with no budget."""
    if is_ward_manager(person, activity.ward) or not can_administer_ward(person, activity.ward):
        return False
    delegation = delegation_of(activity.ward)
    return delegation is not None and delegation_covers(delegation, activity)


def can_question_or_refuse(person, activity: Activity) -> bool:
    """Questions to the author or a refusal, at either review step (with a reason)."""
    return can_review_activity(person, activity) or can_authorise_activity(person, activity)


def is_activity_proposer(person, activity: Activity) -> bool:
    return _is_proposer(person, activity)


def can_emergency_stop(person, activity: Activity) -> bool:
    return activity.status == "active" and is_ward_manager(person, activity.ward)


def can_resume_activity(person, activity: Activity) -> bool:
    return activity.status == "suspended" and is_ward_manager(person, activity.ward)


def can_archive_activity(person, activity: Activity) -> bool:
    """The manager archives a suspended activity; admins and the manager an active or refused one."""
    if activity.status == "suspended":
        return is_ward_manager(person, activity.ward)
    return activity.status in ("active", "refused") and can_administer_ward(person, activity.ward)


def can_appoint_referents(person, activity: Activity) -> bool:
    """Referents are designated by an admin, never self-appointed."""
    return activity.status not in ("archived", "refused") and can_administer_ward(person, activity.ward)


def can_see_activity_review(person, activity: Activity) -> bool:
    """Vigilance answers and the history: the author, admins and the manager."""
    return _is_proposer(person, activity) or can_administer_ward(person, activity.ward)


def can_manage_mission_order(person, activity: Activity) -> bool:
    return (
        activity.outside_workplace
        and activity.status not in ("archived", "refused")
        and can_write_in_ward(person, activity.ward)
        and (
            is_activity_referent(person, activity)
            or can_administer_ward(person, activity.ward)
            or _is_proposer(person, activity)
        )
    )


def can_see_mission_order(person, activity: Activity) -> bool:
    return activity.outside_workplace and can_see_activity(person, activity)


def can_comment_activity(person, activity: Activity) -> bool:
    return activity.status in PUBLIC_STATUSES and can_write_in_ward(person, activity.ward)


def can_edit_vigilance_items(person) -> bool:
    """The list of vigilance points is platform data."""
    return can_manage_platform(person)
