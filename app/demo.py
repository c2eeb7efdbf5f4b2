"""Demo data: the Hématologie – Soins intensifs ward, Oncologie, and the demo accounts.

Idempotent: running it again changes nothing. Each feature adds its own demo content in
`app/<feature>/demo.py` with `ORDER` (an int: activities before the planner…) and
`seed(wards, people)`, found here automatically; each must be idempotent too.
"""

import importlib
import pkgutil
import random

from sqlalchemy import select

import app as app_package
from app.auth.passwords import hash_password
from app.extensions import db
from app.models import Membership, Person, Ward

DEMO_PASSWORD = "Bienveillance-2026"  # noqa: S105 (public demo accounts, listed in the README)

DEMO_ACCOUNTS = [
    # matricule, first name, last name, job, ward role(s), platform admin
    ("900000", "Claire", "Fabre", "autre", {}, True),
    ("900001", "Sophie", "Marchand", "cadre", {"hematologie": "manager"}, False),
    ("900002", "Nadia", "Benali", "ide", {"hematologie": "admin"}, False),
    ("900003", "Thomas", "Roux", "as", {"hematologie": "member"}, False),
    ("900004", "Julie", "Garnier", "ide", {"hematologie": "member"}, False),
    ("900005", "Karim", "Haddad", "ide", {"oncologie": "member"}, False),
]

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Sarah",
    "Emma",
    "Laura",
    "Pauline",
    "Marion",
    "Élodie",
    "Aurélie",
    "Céline",
    "Audrey",
    "Mélanie",
    "Amandine",
    "Lucie",
    "Océane",
    "Anaïs",
    "Justine",
    "Nicolas",
    "Julien",
    "Maxime",
    "Antoine",
    "Romain",
    "Hugo",
    "Yanis",
    "Mehdi",
    "Sébastien",
    "Guillaume",
    "Florian",
    "Kevin",
    "Jérémy",
    "Alexandre",
    "Loïc",
    "Fatima",
    "Aïcha",
    "Samira",
    "Nathalie",
    "Isabelle",
    "Valérie",
    "Sandrine",
    "Christelle",
    "Baptiste",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Chevalier",
    "Blanc",
    "Guerin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Rousseau",
    "Vidal",
    "Brun",
    "Masson",
    "Sanchez",
    "Aubert",
]
# Hématologie – soins intensifs: 46 people in all, demo accounts included.
HEMATOLOGIE_JOBS = ["ide"] * 16 + ["as"] * 14 + ["ash"] * 6 + ["medecin"] * 3 + ["interne", "psy", "kine"]
ONCOLOGIE_JOBS = ["ide", "ide", "as", "as", "ash", "cadre", "medecin"]


def feature_seeders() -> list:
    """The `seed` functions of every `app/<feature>/demo.py`, in their ORDER."""
    modules = []
    for info in pkgutil.iter_modules(app_package.__path__):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"app.{info.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"app.{info.name}.demo":
                raise
            continue
        modules.append(module)
    return [m.seed for m in sorted(modules, key=lambda m: m.ORDER)]


def _ward(slug: str, name: str, description: str) -> Ward:
    ward = db.session.scalar(select(Ward).where(Ward.slug == slug))
    if ward is None:
        ward = Ward(slug=slug, name=name, description=description)
        db.session.add(ward)
        db.session.flush()
    return ward


def _person(matricule: str, first: str, last: str, job: str, password_hash: str, **extra) -> Person:
    person = db.session.scalar(select(Person).where(Person.matricule == matricule))
    if person is None:
        person = Person(
            matricule=matricule,
            first_name=first,
            last_name=last,
            job=job,
            password_hash=password_hash,
            status="active",
            **extra,
        )
        db.session.add(person)
        db.session.flush()
    return person


def _member(ward: Ward, person: Person, role: str, admin_label: str | None = None) -> None:
    exists = db.session.scalar(
        select(Membership.id).where(Membership.ward_id == ward.id, Membership.person_id == person.id)
    )
    if not exists:
        db.session.add(Membership(ward_id=ward.id, person_id=person.id, role=role, admin_label=admin_label))


def seed_demo() -> dict:
    """Create (once) the demo wards and people; returns what it has, for later seeders."""
    password_hash = hash_password(DEMO_PASSWORD)  # one hash for all: demo data only
    wards = {
        "hematologie": _ward(
            "hematologie",
            "Hématologie – Soins intensifs",
            "Le groupe de bienveillance du service : des petits moments pour prendre soin "
            "les uns des autres, pendant le temps de travail.",
        ),
        "oncologie": _ward(
            "oncologie", "Oncologie", "Le groupe de bienveillance de l'oncologie, tout juste lancé."
        ),
    }
    people = {}
    for matricule, first, last, job, roles, platform in DEMO_ACCOUNTS:
        person = _person(matricule, first, last, job, password_hash, is_platform_admin=platform)
        people[matricule] = person
        for slug, role in roles.items():
            _member(wards[slug], person, role, "animator" if role == "admin" else None)

    rng = random.Random(2026)  # same names on every machine
    names = [(f, la) for f in FIRST_NAMES for la in LAST_NAMES]
    rng.shuffle(names)
    staff = [(wards["hematologie"], job) for job in HEMATOLOGIE_JOBS]
    staff += [(wards["oncologie"], job) for job in ONCOLOGIE_JOBS]
    for index, (ward, job) in enumerate(staff, start=1):
        first, last = names[index]
        person = _person(f"91{index:04d}", first, last, job, password_hash)
        role = "manager" if job == "cadre" else "member"
        if ward.slug == "hematologie" and index in (1, 17):
            role = "admin"  # two more volunteers run the group with Nadia
        _member(ward, person, role, {1: "moderator", 17: "it"}.get(index) if role == "admin" else None)
        people[person.matricule] = person
    db.session.flush()
    for seed in feature_seeders():
        seed(wards, people)
        db.session.flush()
    return {"wards": wards, "people": people}
