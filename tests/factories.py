"""Factory helpers: `make.person(role="admin", ward=ward)`, `make.ward("cardio")`…"""

import itertools

from app.auth.passwords import hash_password
from app.extensions import db
from app.models import JoinRequest, Membership, Person, Ward

PASSWORD = "Une phrase de passe assez longue"
_seq = itertools.count(1)


class Factory:
    _hash: str | None = None

    def password_hash(self) -> str:
        if Factory._hash is None:
            Factory._hash = hash_password(PASSWORD)
        return Factory._hash

    def ward(self, slug: str = "hematologie", name: str | None = None, **fields) -> Ward:
        ward = Ward(slug=slug, name=name or slug.capitalize(), **fields)
        db.session.add(ward)
        db.session.commit()
        return ward

    def person(
        self,
        *,
        ward: Ward | None = None,
        role: str = "member",
        status: str = "active",
        platform_admin: bool = False,
        first_name: str = "Camille",
        last_name: str | None = None,
        matricule: str | None = None,
        **fields,
    ) -> Person:
        n = next(_seq)
        person = Person(
            matricule=matricule or f"T{n:05d}",
            first_name=first_name,
            last_name=last_name or f"Test{n}",
            job=fields.pop("job", "ide"),
            status=status,
            is_platform_admin=platform_admin,
            password_hash=self.password_hash(),
            **fields,
        )
        db.session.add(person)
        db.session.flush()
        if ward is not None:
            db.session.add(Membership(ward_id=ward.id, person_id=person.id, role=role))
        db.session.commit()
        return person

    def join_request(self, ward: Ward, person: Person | None = None, message: str = "") -> JoinRequest:
        person = person or self.person(status="pending")
        join = JoinRequest(ward_id=ward.id, person_id=person.id, message=message)
        db.session.add(join)
        db.session.commit()
        return join
