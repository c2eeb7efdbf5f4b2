"""A ward always keeps its last manager and its last admin (removal, demotion, exclusion)."""

from sqlalchemy import func, select

from app.core.errors import DomainError
from app.extensions import db
from app.models import Membership


def _count(ward_id: int, role: str) -> int:
    return db.session.scalar(
        select(func.count(Membership.id)).where(
            Membership.ward_id == ward_id, Membership.role == role, Membership.status == "active"
        )
    )


def check_not_last(membership: Membership, new_role: str | None = None) -> None:
    """Raise when this membership is the ward's last manager or last admin and would stop
    being one (`new_role` None: it leaves the ward)."""
    if membership.status != "active" or membership.role == new_role:
        return
    if membership.role == "manager" and _count(membership.ward_id, "manager") <= 1:
        raise DomainError("C'est la dernière cadre de soins du service : nommez d'abord une autre cadre.")
    if membership.role == "admin" and _count(membership.ward_id, "admin") <= 1:
        raise DomainError(
            "C'est le ou la dernière administrateur·rice du service : nommez d'abord quelqu'un d'autre."
        )
