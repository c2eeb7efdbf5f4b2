"""Who may manage whom in a ward: roles, labels, referents, sanctions, removal."""

from app.models import Membership, Person, Sanction, Ward
from app.policies import can_administer_ward, can_manage_platform, is_ward_manager


def can_manage_members(person, ward: Ward) -> bool:
    """The members page and its actions: the ward's admins and its manager."""
    return can_administer_ward(person, ward)


def _is_self(person, membership: Membership) -> bool:
    return isinstance(person, Person) and membership.person_id == person.id


def can_act_on_member(person, membership: Membership) -> bool:
    """Admins act on members and other admins; only the manager (or the platform admin)
    on the manager; nobody on themselves."""
    if _is_self(person, membership):
        return False
    if membership.role == "manager":
        return is_ward_manager(person, membership.ward) or can_manage_platform(person)
    return can_administer_ward(person, membership.ward) or can_manage_platform(person)


def can_appoint_manager(person, ward: Ward) -> bool:
    """A manager is appointed by the manager or by the platform admin."""
    return is_ward_manager(person, ward) or can_manage_platform(person)


def can_sanction(person, membership: Membership) -> bool:
    return membership.status == "active" and can_act_on_member(person, membership)


def can_lift_sanction(person, sanction: Sanction, membership: Membership | None) -> bool:
    """Suspensions and exclusions in force are lifted early, with a reason; warnings stay."""
    if sanction.kind == "warning" or sanction.lifted_at is not None or membership is None:
        return False
    if isinstance(person, Person) and sanction.person_id == person.id:
        return False
    return can_administer_ward(person, sanction.ward) or can_manage_platform(person)
