"""Who may do what: every permission question is asked here, by views and templates alike.

Functions take the person (possibly anonymous) and the thing, and answer a bool.
Ward roles come from the person's active membership in that ward.
"""

from flask import g, has_request_context
from sqlalchemy import and_, select
from sqlalchemy.orm import joinedload

from app.core.timefmt import utcnow
from app.extensions import db
from app.models import Delegation, JoinRequest, Membership, Person, Sanction, Ward

ADMIN_ROLES = frozenset({"admin", "manager"})


def _is_person(person) -> bool:
    return isinstance(person, Person) and person.is_authenticated and person.is_active


def _standings(person) -> dict[int, tuple[Membership, Sanction | None]]:
    """Every active membership of the person, with its ward and the suspension in force
    there (the latest end wins), by ward id: one query, memoised for the request (the ward
    bar's switcher and every policy of the page share it). A suspension ends by itself at
    its date: this compares with now."""
    if not _is_person(person):
        return {}
    cache = g.setdefault("_standings", {}) if has_request_context() else {}
    if person.id not in cache:
        rows = db.session.execute(
            select(Membership, Sanction)
            .options(joinedload(Membership.ward))
            .outerjoin(
                Sanction,
                and_(
                    Sanction.person_id == Membership.person_id,
                    Sanction.ward_id == Membership.ward_id,
                    Sanction.kind == "suspension",
                    Sanction.lifted_at.is_(None),
                    Sanction.until > utcnow(),
                ),
            )
            .where(Membership.person_id == person.id, Membership.status == "active")
        ).all()
        standings: dict[int, tuple[Membership, Sanction | None]] = {}
        for membership, suspension in rows:
            known = standings.get(membership.ward_id)
            if known is None or (
                suspension is not None and (known[1] is None or suspension.until > known[1].until)
            ):
                standings[membership.ward_id] = (membership, suspension)
        cache[person.id] = standings
    return cache[person.id]


def _ends_later(suspension: Sanction | None, known: Sanction | None) -> bool:
    return suspension is not None and (known is None or suspension.until > known.until)


def _standing(person, ward: Ward) -> tuple[Membership | None, Sanction | None]:
    if ward is None:
        return None, None
    return _standings(person).get(ward.id, (None, None))


def active_memberships(person) -> dict[int, Membership]:
    """The person's active memberships by ward id, with their wards (same memoised query)."""
    return {ward_id: membership for ward_id, (membership, _s) in _standings(person).items()}


def membership_of(person, ward: Ward) -> Membership | None:
    """The person's active membership in the ward, memoised for the request."""
    return _standing(person, ward)[0]


def suspension_of(person, ward: Ward) -> Sanction | None:
    """The suspension in force for the person in the ward, if any."""
    return _standing(person, ward)[1]


def forget_suspensions() -> None:
    """After a sanction is given or lifted in this request, ask the database again."""
    if has_request_context():
        g.pop("_standings", None)


def can_write_in_ward(person, ward: Ward) -> bool:
    """The one question every writing policy asks: a member of the ward, not suspended.
    A suspended member still reads everything; an excluded one is no longer a member."""
    return membership_of(person, ward) is not None and suspension_of(person, ward) is None


def role_in(person, ward: Ward) -> str | None:
    """The ward role; a suspended admin or manager acts as nobody until the end of it."""
    membership = membership_of(person, ward)
    if membership is None:
        return None
    if membership.role in ADMIN_ROLES and suspension_of(person, ward) is not None:
        return "member"
    return membership.role


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


# --- the manager's delegation ---------------------------------------------------------

NO_BUDGET = {"", "0", "0 €", "0€", "aucun", "aucune", "non", "néant", "sans", "rien", "-"}


def delegation_of(ward: Ward) -> Delegation | None:
    """The ward's delegation in force (not revoked), memoised for the request."""
    cache = g.setdefault("_delegations", {}) if has_request_context() else {}
    if ward.id not in cache:
        cache[ward.id] = db.session.scalar(
            select(Delegation)
            .where(Delegation.ward_id == ward.id, Delegation.revoked_at.is_(None))
            .order_by(Delegation.granted_at.desc(), Delegation.id.desc())
            .limit(1)
        )
    return cache[ward.id]


def delegation_covers(delegation: Delegation, activity) -> bool:
    """Short (a duration within the limit), on the premises, with no budget."""
    return (
        not activity.outside_workplace
        and activity.duration_minutes is not None
        and activity.duration_minutes <= delegation.max_minutes
        and (activity.budget or "").strip().lower() in NO_BUDGET
    )


def can_manage_delegation(person, ward: Ward) -> bool:
    """Only the ward manager gives or takes back her delegation."""
    return is_ward_manager(person, ward)
