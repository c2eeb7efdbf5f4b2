"""The manager's delegation ("déléguer ou autoriser certains raccourcis"): the admins may
authorise short activities on the ward's premises with no budget; recorded, revocable."""

from flask import g, has_request_context

from app.core.errors import ConflictError, DomainError
from app.core.links import link_to
from app.core.timefmt import utcnow
from app.extensions import db
from app.models import Delegation, Person, Ward
from app.people_to_tell import ward_leaders
from app.policies import can_manage_delegation, delegation_of
from app.records.services import audit, notify

LONGEST = 240


def _forget() -> None:
    if has_request_context():
        g.pop("_delegations", None)


def _tell_admins(ward: Ward, by: Person, text: str) -> None:
    for leader in ward_leaders(ward):
        if leader.id != by.id:
            notify(
                leader,
                "delegation",
                text,
                link=link_to("ward_admin.delegation", ward_slug=ward.slug),
                ward=ward,
            )


def grant(ward: Ward, *, by: Person, max_minutes: int | None) -> Delegation:
    """Give (or change) the delegation: the one in force is replaced."""
    if not can_manage_delegation(by, ward):
        raise DomainError("Seule la cadre de soins délègue l'autorisation des activités.")
    if max_minutes is None or not 1 <= max_minutes <= LONGEST:
        raise DomainError(f"Une durée entre 1 et {LONGEST} minutes.", field="max_minutes")
    current = delegation_of(ward)
    now = utcnow()
    if current is not None:
        current.revoked_at, current.revoked_by_id = now, by.id
    delegation = Delegation(ward_id=ward.id, max_minutes=max_minutes, granted_by_id=by.id, granted_at=now)
    db.session.add(delegation)
    db.session.flush()
    _forget()
    audit("delegation.granted", by=by, ward=ward, target=delegation, detail={"max_minutes": max_minutes})
    _tell_admins(
        ward,
        by,
        f"La cadre vous délègue l'autorisation des activités de {max_minutes} minutes au plus, "
        "dans le service et sans budget.",
    )
    return delegation


def revoke(ward: Ward, *, by: Person) -> Delegation:
    if not can_manage_delegation(by, ward):
        raise DomainError("Seule la cadre de soins reprend sa délégation.")
    current = delegation_of(ward)
    if current is None:
        raise ConflictError("Aucune délégation n'est en cours.")
    current.revoked_at, current.revoked_by_id = utcnow(), by.id
    db.session.flush()
    _forget()
    audit("delegation.revoked", by=by, ward=ward, target=current)
    _tell_admins(ward, by, "La cadre reprend l'autorisation de toutes les activités.")
    return current
