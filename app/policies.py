"""Who may do what: every permission question is asked here, by views and templates alike.

Functions take the person (possibly anonymous) and the thing, and answer a bool.
Ward roles come from the person's active membership in that ward.
"""

from flask import g, has_request_context
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import JoinRequest, Membership, Person, Ward

ADMIN_ROLES = frozenset({"admin", "manager"})


def _is_person(person) -> bool:
    return isinstance(person, Person) and person.is_authenticated and person.is_active


def active_memberships(person) -> dict[int, Membership]:
    """The person's active memberships by ward id, with their wards: one query, memoised for
    the request (the ward bar's switcher and every policy of the page share it)."""
    if not _is_person(person):
        return {}
    cache = g.setdefault("_memberships", {}) if has_request_context() else {}
    if person.id not in cache:
        rows = db.session.scalars(
            select(Membership)
            .options(joinedload(Membership.ward))
            .where(Membership.person_id == person.id, Membership.status == "active")
        )
        cache[person.id] = {row.ward_id: row for row in rows}
    return cache[person.id]


def membership_of(person, ward: Ward) -> Membership | None:
    """The person's active membership in the ward, memoised for the request."""
    if not _is_person(person) or ward is None:
        return None
    return active_memberships(person).get(ward.id)


def role_in(person, ward: Ward) -> str | None:
    membership = membership_of(person, ward)
    return membership.role if membership else None


# --- the platform -------------------------------------------------------------------


def can_manage_platform(person) -> bool:
    """Platform admins create ward spaces and appoint their first admins and manager."""
    return _is_person(person) and person.is_platform_admin


# --- a ward space -------------------------------------------------------------------


def can_view_ward(person, ward: Ward) -> bool:
    """Only the ward's members see its space; nobody else, platform admins included."""
    return membership_of(person, ward) is not None


def can_request_to_join(person, ward: Ward) -> bool:
    """A logged-in person outside the ward, without a pending request, may ask to join."""
    if not _is_person(person) or not ward.accepts_requests:
        return False
    if db.session.scalar(
        select(Membership.id).where(Membership.person_id == person.id, Membership.ward_id == ward.id)
    ):
        return False
    pending = db.session.scalar(
        select(JoinRequest.id).where(
            JoinRequest.person_id == person.id,
            JoinRequest.ward_id == ward.id,
            JoinRequest.status == "pending",
        )
    )
    return pending is None


def can_administer_ward(person, ward: Ward) -> bool:
    """Admins and the ward manager run the ward's admin space."""
    return role_in(person, ward) in ADMIN_ROLES


def is_ward_manager(person, ward: Ward) -> bool:
    return role_in(person, ward) == "manager"


def can_decide_join_request(person, request: JoinRequest) -> bool:
    return request.status == "pending" and can_administer_ward(person, request.ward)


def can_invite(person, ward: Ward) -> bool:
    return can_administer_ward(person, ward)


def can_see_audit_log(person, ward: Ward) -> bool:
    """The manager sees everything of the ward, admins' actions included; admins too."""
    return can_administer_ward(person, ward)
