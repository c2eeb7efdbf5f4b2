"""The members page: who is in the ward (job, role, labels, activities referred, last
visit, standing), and the decisions on a member: role, labels, removal."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import joinedload

from app.admin import policies
from app.admin.leaders import check_not_last
from app.admin.sanctions import release_future_sign_ups
from app.core.errors import DomainError
from app.core.links import link_to
from app.core.timefmt import utcnow
from app.extensions import db
from app.models import (
    ADMIN_LABELS_CODES,
    ROLE_LABELS,
    Activity,
    ActivityReferent,
    Membership,
    Person,
    Sanction,
    Ward,
)
from app.records.services import audit, notify

STATUS_FILTERS = {
    "": "Tous les statuts",
    "active": "Actif·ve",
    "suspended": "Suspendu·e",
    "excluded": "Exclu·e",
}
ROLE_FILTERS = {"": "Tous les rôles", **ROLE_LABELS}
SEARCH_MAX = 80


@dataclass
class MemberRow:
    membership: Membership
    person: Person
    refers: list[Activity] = field(default_factory=list)
    suspended_until: datetime | None = None
    warnings: int = 0

    @property
    def status_code(self) -> str:
        if self.membership.status == "excluded":
            return "excluded"
        return "suspended" if self.suspended_until is not None else "active"

    @property
    def status_label(self) -> str:
        return STATUS_FILTERS[self.status_code]


def _filtered(ward: Ward, q: str, role: str, label: str, person_id: int | None):
    query = (
        select(Membership)
        .join(Person, Person.id == Membership.person_id)
        .options(joinedload(Membership.person))
        .where(Membership.ward_id == ward.id)
    )
    if q:
        like = f"%{q.lower()}%"
        query = query.where(
            or_(
                func.lower(Person.first_name).like(like),
                func.lower(Person.last_name).like(like),
                func.lower(Person.matricule).like(like),
            )
        )
    if person_id is not None:
        query = query.where(Membership.person_id == person_id)
    if role in ROLE_LABELS:
        query = query.where(Membership.role == role)
    if label in ADMIN_LABELS_CODES:
        query = query.where(Membership.labels.like(f"%{label}%"))
    return query.order_by(Person.last_name, Person.first_name, Person.id)


def members(
    ward: Ward,
    *,
    q: str = "",
    role: str = "",
    status: str = "",
    label: str = "",
    person_id: int | None = None,
) -> list[MemberRow]:
    """Everyone who belongs or belonged to the ward, with what the admins need: three queries."""
    q = (q or "").strip()[:SEARCH_MAX]
    memberships = list(db.session.scalars(_filtered(ward, q, role, label, person_id)))
    person_ids = [m.person_id for m in memberships]
    refers = _referred(ward, person_ids)
    suspended, warnings = _standings(ward, person_ids)
    rows = [
        MemberRow(
            membership=m,
            person=m.person,
            refers=refers.get(m.person_id, []),
            suspended_until=suspended.get(m.person_id),
            warnings=warnings.get(m.person_id, 0),
        )
        for m in memberships
    ]
    return [r for r in rows if status not in STATUS_FILTERS or not status or r.status_code == status]


def _referred(ward: Ward, person_ids: list[int]) -> dict[int, list[Activity]]:
    refers: dict[int, list[Activity]] = {}
    if not person_ids:
        return refers
    for pid, activity in db.session.execute(
        select(ActivityReferent.person_id, Activity)
        .join(Activity, Activity.id == ActivityReferent.activity_id)
        .where(
            Activity.ward_id == ward.id,
            ActivityReferent.person_id.in_(person_ids),
            Activity.status.not_in(("archived", "refused")),
        )
        .order_by(Activity.name)
    ):
        refers.setdefault(pid, []).append(activity)
    return refers


def _standings(ward: Ward, person_ids: list[int]) -> tuple[dict[int, datetime], dict[int, int]]:
    """Suspensions in force (their end) and warnings kept, per person."""
    suspended: dict[int, datetime] = {}
    warnings: dict[int, int] = {}
    if not person_ids:
        return suspended, warnings
    now = utcnow()
    for pid, kind, until in db.session.execute(
        select(Sanction.person_id, Sanction.kind, Sanction.until).where(
            Sanction.ward_id == ward.id,
            Sanction.person_id.in_(person_ids),
            Sanction.lifted_at.is_(None),
            Sanction.kind.in_(("warning", "suspension")),
        )
    ):
        if kind == "warning":
            warnings[pid] = warnings.get(pid, 0) + 1
        elif until is not None and until > now:
            suspended[pid] = max(until, suspended.get(pid, until))
    return suspended, warnings


def membership_in(ward: Ward, person_id: int) -> Membership | None:
    return db.session.scalar(
        select(Membership)
        .options(joinedload(Membership.person))
        .where(Membership.ward_id == ward.id, Membership.person_id == person_id)
    )


def _acting_on(membership: Membership, by: Person) -> None:
    if membership.person_id == by.id:
        raise DomainError("Vous ne pouvez pas changer votre propre place dans le service.")
    if not policies.can_act_on_member(by, membership):
        raise DomainError("Seul·e la cadre de soins ou l'administration de la plateforme agit sur la cadre.")
    if membership.status != "active":
        raise DomainError("Cette personne est exclue du service : levez d'abord l'exclusion.")


def set_role(membership: Membership, *, by: Person, role: str) -> Membership:
    """Member ↔ admin by the admins; to or from manager only by the manager or the platform admin."""
    if role not in ROLE_LABELS:
        raise DomainError("Choisissez un rôle de la liste.", field="role")
    _acting_on(membership, by)
    if role == membership.role:
        raise DomainError("Cette personne a déjà ce rôle.", field="role")
    if "manager" in (role, membership.role) and not policies.can_appoint_manager(by, membership.ward):
        raise DomainError(
            "La cadre de soins est nommée par la cadre ou l'administration de la plateforme.", field="role"
        )
    check_not_last(membership, role)
    before = membership.role
    membership.role = role
    db.session.flush()
    ward = membership.ward
    audit(
        "member.role_changed",
        by=by,
        ward=ward,
        target=membership.person,
        detail={"from": before, "to": role},
    )
    notify(
        membership.person,
        "member.role",
        f"Votre rôle dans le service « {ward.name} » est maintenant\u00a0: {ROLE_LABELS[role]}.",
        link=link_to("wards.home", ward_slug=ward.slug),
        ward=ward,
    )
    return membership


def set_labels(membership: Membership, *, by: Person, labels: list[str]) -> Membership:
    """Sub-role labels (modérateur, animateur, informaticien): labels only, no power."""
    unknown = [code for code in labels if code not in ADMIN_LABELS_CODES]
    if unknown:
        raise DomainError("Choisissez des étiquettes de la liste.", field="labels")
    _acting_on(membership, by)
    codes = [code for code in ADMIN_LABELS_CODES if code in labels]
    before = membership.label_codes
    if codes == before:
        raise DomainError("Ces étiquettes sont déjà celles de la personne.", field="labels")
    membership.labels = ",".join(codes)
    membership.admin_label = codes[0] if codes else None
    db.session.flush()
    audit(
        "member.labels_changed",
        by=by,
        ward=membership.ward,
        target=membership.person,
        detail={"from": before, "to": codes},
    )
    return membership


def remove_member(membership: Membership, *, by: Person, reason: str | None) -> Person:
    """Take someone out of the ward: their future sign-ups are released (the waiting lists
    move up), their referent roles in the ward end. They may ask to join again."""
    _acting_on(membership, by)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Indiquez la raison : la personne la recevra.", field="reason")
    if len(reason) > 1000:
        raise DomainError("1\u00a0000 caractères au plus.", field="reason")
    check_not_last(membership)
    ward, person = membership.ward, membership.person
    released = release_future_sign_ups(ward, person)
    activity_ids = select(Activity.id).where(Activity.ward_id == ward.id).scalar_subquery()
    db.session.execute(
        delete(ActivityReferent)
        .where(ActivityReferent.person_id == person.id, ActivityReferent.activity_id.in_(activity_ids))
        .execution_options(synchronize_session=False)
    )
    db.session.delete(membership)
    db.session.flush()
    audit(
        "member.removed",
        by=by,
        ward=ward,
        target=person,
        reason=reason,
        detail={"released": released, "role": membership.role},
    )
    notify(person, "member.removed", f"Vous ne faites plus partie du service « {ward.name} »\u00a0: {reason}")
    return person


def referable_activities(ward: Ward) -> list[Activity]:
    """Activities a referent can be appointed to (not archived nor refused)."""
    return list(
        db.session.scalars(
            select(Activity)
            .where(Activity.ward_id == ward.id, Activity.status.not_in(("archived", "refused")))
            .order_by(Activity.name)
        )
    )


def activity_in(ward: Ward, activity_id: int | None) -> Activity | None:
    activity = db.session.get(Activity, activity_id) if activity_id else None
    return activity if activity is not None and activity.ward_id == ward.id else None
