"""People to tell: who receives the notifications a ward's admin space acts on.

One answer for every feature (activities, publications, comments, agenda, access requests,
contact messages). A top-level module, beside app/policies.py, so any service can import it
without pulling in a blueprint package."""

from sqlalchemy import case, select

from app.extensions import db
from app.models import Membership, Person, Ward
from app.policies import ADMIN_ROLES


def _with_roles(ward: Ward, roles) -> list[Person]:
    return list(
        db.session.scalars(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(
                Membership.ward_id == ward.id,
                Membership.role.in_(roles),
                Membership.status == "active",
            )
            .order_by(case((Membership.role == "manager", 0), else_=1), Person.last_name, Person.id)
        )
    )


def ward_leaders(ward: Ward) -> list[Person]:
    """The admins and the manager of this ward (active memberships), the manager first."""
    return _with_roles(ward, ADMIN_ROLES)


def ward_managers(ward: Ward) -> list[Person]:
    """The manager(s) of this ward alone (the care manager decides what reaches the unit)."""
    return _with_roles(ward, ("manager",))


def ward_member_ids(ward: Ward) -> list[int]:
    """Everyone in the ward (active memberships, every role): for what the whole ward hears."""
    return list(
        db.session.scalars(
            select(Membership.person_id).where(Membership.ward_id == ward.id, Membership.status == "active")
        )
    )
