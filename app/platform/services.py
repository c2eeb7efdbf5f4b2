"""Creating a ward space and appointing its first admins and manager."""

from sqlalchemy import func, select

from app.auth.services import normalise_matricule
from app.core.errors import DomainError
from app.core.links import link_to
from app.extensions import db
from app.models import Membership, Person, VigilanceCategory, VigilanceItem, Ward
from app.records.services import audit, notify


def wards_overview() -> tuple[list[Ward], dict[int, int]]:
    """Every ward space, by name, with its count of active members."""
    counts = dict(
        db.session.execute(
            select(Membership.ward_id, func.count(Membership.id))
            .where(Membership.status == "active")
            .group_by(Membership.ward_id)
        ).all()
    )
    return list(db.session.scalars(select(Ward).order_by(Ward.name))), counts


def vigilance_item(item_id: int) -> VigilanceItem | None:
    return db.session.get(VigilanceItem, item_id)


def _person_by_matricule(raw: str, field: str) -> Person:
    matricule = normalise_matricule(raw)
    person = db.session.scalar(select(Person).where(Person.matricule == matricule))
    if person is None or person.status != "active":
        raise DomainError(f"Aucun compte actif pour le matricule {matricule}.", field=field)
    return person


def create_ward(
    *, name: str, slug: str, description: str, manager: str, admins: list[str], by: Person
) -> Ward:
    """A new ward space with its manager and first admins, in one go."""
    if db.session.scalar(select(Ward.id).where(Ward.slug == slug)):
        raise DomainError("Cette adresse courte est déjà prise.", field="slug")
    appointments = []
    if manager:
        appointments.append((_person_by_matricule(manager, "manager_matricule"), "manager"))
    for raw in admins:
        person = _person_by_matricule(raw, "admin_matricules")
        if all(p.id != person.id for p, _ in appointments):
            appointments.append((person, "admin"))
    ward = Ward(name=name.strip(), slug=slug, description=description.strip())
    db.session.add(ward)
    db.session.flush()
    audit("ward.created", by=by, ward=ward, target=ward)
    for person, role in appointments:
        db.session.add(Membership(ward_id=ward.id, person_id=person.id, role=role))
        audit("role.appointed", by=by, ward=ward, target=person, detail={"role": role})
        notify(
            person,
            "role.appointed",
            f"Vous êtes nommé·e {'cadre de soins' if role == 'manager' else 'administrateur·rice'} "
            f"de l'espace « {ward.name} ».",
            link=link_to("wards.home", ward_slug=ward.slug),
            ward=ward,
        )
    return ward


def add_vigilance_item(*, category_id: int, text: str, by: Person):
    """A new point in one of the six families; proposals in progress will be asked it too."""
    if db.session.get(VigilanceCategory, category_id) is None:
        raise DomainError("Cette famille n'existe pas.", field="category_id")
    position = db.session.scalar(
        select(func.coalesce(func.max(VigilanceItem.position), 0)).where(
            VigilanceItem.category_id == category_id
        )
    )
    item = VigilanceItem(category_id=category_id, text=text.strip(), position=position + 1, active=True)
    db.session.add(item)
    db.session.flush()
    audit("vigilance.added", by=by, target=item, detail={"text": item.text})
    return item


def edit_vigilance_item(item, *, text: str, active: bool, by: Person) -> None:
    """Reword or retire a point; answers already given stay readable (nothing is deleted)."""
    before = {"text": item.text, "active": item.active}
    item.text, item.active = text.strip(), active
    db.session.flush()
    audit(
        "vigilance.edited",
        by=by,
        target=item,
        detail={"before": before, "after": {"text": item.text, "active": active}},
    )


def managers_by_ward() -> dict[int, int]:
    """How many active managers each ward has (a ward missing here has none)."""
    return dict(
        db.session.execute(
            select(Membership.ward_id, func.count(Membership.id))
            .where(Membership.status == "active", Membership.role == "manager")
            .group_by(Membership.ward_id)
        ).all()
    )


def appoint(ward: Ward, *, matricule: str, role: str, by: Person, replace: bool = False) -> Membership:
    """The platform admin appoints a ward's manager or an admin after its creation; with
    `replace`, the manager(s) in place become admins (the ward is never left without one)."""
    if role not in ("manager", "admin"):
        raise DomainError("Choisissez cadre de soins ou administrateur·rice.", field="role")
    person = _person_by_matricule(matricule or "", "matricule")
    membership = db.session.scalar(
        select(Membership).where(Membership.ward_id == ward.id, Membership.person_id == person.id)
    )
    if membership is not None and membership.status != "active":
        raise DomainError(
            "Cette personne est exclue du service : levez d'abord l'exclusion.", field="matricule"
        )
    if membership is not None and membership.role == role:
        raise DomainError(f"{person.display_name} a déjà ce rôle dans ce service.", field="matricule")
    if replace and role == "manager":
        for former in db.session.scalars(
            select(Membership).where(
                Membership.ward_id == ward.id, Membership.role == "manager", Membership.status == "active"
            )
        ):
            former.role = "admin"
            audit(
                "member.role_changed",
                by=by,
                ward=ward,
                target=former.person,
                detail={"from": "manager", "to": "admin"},
            )
    if membership is None:
        membership = Membership(ward_id=ward.id, person_id=person.id, role=role)
        db.session.add(membership)
    else:
        membership.role = role
    db.session.flush()
    audit("role.appointed", by=by, ward=ward, target=person, detail={"role": role})
    notify(
        person,
        "role.appointed",
        f"Vous êtes nommé·e {'cadre de soins' if role == 'manager' else 'administrateur·rice'} "
        f"de l'espace « {ward.name} ».",
        link=link_to("wards.home", ward_slug=ward.slug),
        ward=ward,
    )
    return membership


def ward_by_id(ward_id: int) -> Ward | None:
    return db.session.get(Ward, ward_id)
