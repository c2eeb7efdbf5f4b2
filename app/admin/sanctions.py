"""Sanctions: a warning (kept), a suspension until a date (reads only, future sign-ups
released), an exclusion from the ward; each with a reason, notified, audited, lifted early
with a reason. Services: flush, never commit, French DomainError."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.admin import policies
from app.admin.leaders import check_not_last
from app.core.errors import ConflictError, DomainError
from app.core.links import link_to
from app.core.timefmt import paris_to_utc, utcnow
from app.extensions import db
from app.models import SANCTION_KINDS, Membership, Person, Sanction, SignUp, Slot, Ward
from app.planner.services import cancel_sign_up
from app.policies import forget_suspensions
from app.records.services import audit, notify

REASON_MAX = 1000
LONGEST_SUSPENSION = timedelta(days=366)


def _reason(raw: str | None, field: str = "reason") -> str:
    reason = (raw or "").strip()
    if not reason:
        raise DomainError("Indiquez la raison : la personne la recevra.", field=field)
    if len(reason) > REASON_MAX:
        raise DomainError("1\u00a0000 caractères au plus.", field=field)
    return reason


def _until(kind: str, until: datetime | None, now: datetime) -> datetime | None:
    if kind != "suspension":
        return None
    if until is None:
        raise DomainError("Indiquez jusqu'à quand dure la suspension.", field="until")
    if until <= now:
        raise DomainError("La fin de la suspension doit être dans le futur.", field="until")
    if until > now + LONGEST_SUSPENSION:
        raise DomainError("Une suspension dure un an au plus.", field="until")
    return until


def end_of_day(day: date) -> datetime:
    """A suspension "until the 15th included" ends at midnight Paris time (naive UTC)."""
    return paris_to_utc(datetime.combine(day + timedelta(days=1), time(0, 0)))


def release_future_sign_ups(ward: Ward, person: Person) -> int:
    """Cancel the person's places and waits in the ward's future slots, one by one through
    the planner (so the next in line moves up and is told). Returns how many."""
    slot_ids = list(
        db.session.scalars(
            select(SignUp.slot_id)
            .join(Slot, Slot.id == SignUp.slot_id)
            .where(
                Slot.ward_id == ward.id,
                Slot.starts_at > utcnow(),
                SignUp.person_id == person.id,
                SignUp.status != "cancelled",
            )
            .order_by(Slot.starts_at, Slot.id)
        )
    )
    for slot_id in slot_ids:
        cancel_sign_up(slot_id, by=person)
    return len(slot_ids)


def _membership(ward: Ward, person: Person) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(Membership.ward_id == ward.id, Membership.person_id == person.id)
    )


def _told(sanction: Sanction, ward: Ward) -> str:
    if sanction.kind == "warning":
        return f"Vous avez reçu un avertissement dans le service « {ward.name} »\u00a0: {sanction.reason}"
    if sanction.kind == "suspension":
        return (
            f"Vous êtes suspendu·e dans le service « {ward.name} » jusqu'au {sanction.until_label}"
            f"\u00a0: {sanction.reason}"
        )
    return f"Vous êtes exclu·e du service « {ward.name} »\u00a0: {sanction.reason}"


def give_sanction(
    ward: Ward,
    person: Person,
    *,
    by: Person,
    kind: str,
    reason: str | None,
    until: datetime | None = None,
) -> Sanction:
    """Warn, suspend or exclude a member of the ward (never oneself; the manager only by
    the manager or the platform admin)."""
    if kind not in SANCTION_KINDS:
        raise DomainError("Choisissez un avertissement, une suspension ou une exclusion.", field="kind")
    membership = _membership(ward, person)
    if membership is None or membership.status != "active":
        raise DomainError("Cette personne ne fait pas partie du service.")
    if person.id == by.id:
        raise DomainError("Vous ne pouvez pas vous sanctionner vous-même.")
    if not policies.can_sanction(by, membership):
        raise DomainError(
            "Seul·e la cadre de soins ou l'administration de la plateforme sanctionne la cadre."
        )
    now = utcnow()
    reason = _reason(reason)
    until = _until(kind, until, now)
    if kind == "exclusion":
        check_not_last(membership)
    sanction = Sanction(
        ward_id=ward.id,
        person_id=person.id,
        kind=kind,
        reason=reason,
        until=until,
        by_id=by.id,
        created_at=now,
    )
    db.session.add(sanction)
    db.session.flush()
    released = 0
    if kind in ("suspension", "exclusion"):
        released = release_future_sign_ups(ward, person)
    if kind == "exclusion":
        membership.status = "excluded"
        person.session_version = (person.session_version or 1) + 1
    db.session.flush()
    forget_suspensions()
    detail = {"person": person.id, "released": released}
    if until is not None:
        detail["until"] = until.isoformat(timespec="minutes")
    audit(f"sanction.{kind}", by=by, ward=ward, target=sanction, reason=reason, detail=detail)
    notify(person, f"sanction.{kind}", _told(sanction, ward), link=link_to("auth.account"), ward=ward)
    return sanction


def lift_sanction(sanction: Sanction, *, by: Person, reason: str | None) -> Sanction:
    """End a suspension or an exclusion early; the sanction stays on record."""
    ward = sanction.ward
    membership = _membership(ward, sanction.person)
    if not policies.can_lift_sanction(by, sanction, membership):
        if sanction.kind == "warning":
            raise DomainError("Un avertissement reste au dossier : il ne se lève pas.")
        if sanction.lifted_at is not None:
            raise ConflictError("Cette sanction est déjà levée.")
        raise DomainError("Vous ne pouvez pas lever cette sanction.")
    if sanction.kind == "suspension" and not sanction.in_force(utcnow()):
        raise ConflictError("Cette suspension est déjà terminée.")
    reason = _reason(reason, field="lift_reason")
    sanction.lifted_at, sanction.lifted_by_id, sanction.lift_reason = utcnow(), by.id, reason
    if sanction.kind == "exclusion":
        membership.status = "active"
    db.session.flush()
    forget_suspensions()
    audit(
        "sanction.lifted",
        by=by,
        ward=ward,
        target=sanction,
        reason=reason,
        detail={"person": sanction.person_id},
    )
    what = "Votre suspension" if sanction.kind == "suspension" else "Votre exclusion"
    notify(
        sanction.person_id,
        "sanction.lifted",
        f"{what} dans le service « {ward.name} » est levée\u00a0: {reason}",
        link=link_to("auth.account"),
        ward=ward,
    )
    return sanction


def sanctions_of(person: Person, ward: Ward | None = None) -> list[Sanction]:
    """A person's sanctions, newest first (every ward, or one)."""
    query = select(Sanction).where(Sanction.person_id == person.id)
    if ward is not None:
        query = query.where(Sanction.ward_id == ward.id)
    return list(db.session.scalars(query.order_by(Sanction.created_at.desc(), Sanction.id.desc())))


def sanction_in(ward: Ward, sanction_id: int) -> Sanction | None:
    sanction = db.session.get(Sanction, sanction_id)
    return sanction if sanction is not None and sanction.ward_id == ward.id else None
