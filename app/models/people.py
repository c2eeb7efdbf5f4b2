"""People, ward spaces and who belongs where."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timefmt import utcnow
from app.extensions import db

JOBS = {
    "ide": "Infirmier·ère (IDE)",
    "as": "Aide-soignant·e (AS)",
    "ash": "Agent·e de service hospitalier (ASH)",
    "medecin": "Médecin",
    "interne": "Interne",
    "cadre": "Cadre de santé",
    "kine": "Kinésithérapeute",
    "psy": "Psychologue",
    "secretaire": "Secrétaire médical·e",
    "autre": "Autre métier",
}

PERSON_STATUSES = ("pending", "active", "suspended", "closed")
ROLES = ("member", "admin", "manager")
ROLE_LABELS = {
    "member": "Personnel hospitalier",
    "admin": "Administrateur·rice",
    "manager": "Cadre de soins",
}
ADMIN_LABELS = {"moderator": "modérateur·rice", "animator": "animateur·rice", "it": "informaticien·ne"}
ADMIN_LABELS_CODES = tuple(ADMIN_LABELS)
MEMBERSHIP_STATUSES = ("active", "suspended", "excluded")


class Person(UserMixin, db.Model):
    """Someone with an account: identified by the hospital staff number (matricule)."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    matricule: Mapped[str] = mapped_column(String(20), unique=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    job: Mapped[str] = mapped_column(String(20), default="autre")
    email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(12), default="active")
    password_hash: Mapped[str] = mapped_column(String(255))
    is_platform_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="person", foreign_keys="Membership.person_id"
    )

    __table_args__ = (
        CheckConstraint("status IN ('pending', 'active', 'suspended', 'closed')", name="status_known"),
    )

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def job_label(self) -> str:
        return JOBS.get(self.job, "Autre métier")

    @property
    def is_active(self) -> bool:  # Flask-Login: only active accounts keep a session
        return self.status == "active"

    def get_id(self) -> str:
        # The session carries the version: bumping it revokes every copied cookie.
        return f"{self.id}:{self.session_version}"


class Ward(db.Model):
    """A hospital ward and its space on the platform (`/s/<slug>/`)."""

    __tablename__ = "ward"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    accepts_requests: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The ward's shared workstations: address ranges ("10.12.4.0/24, 10.12.5.17") where the
    # log-in offers "poste partagé" by default, and the idle minutes before such a session ends.
    workstation_networks: Mapped[str] = mapped_column(String(500), default="", server_default="")
    workstation_idle_minutes: Mapped[int] = mapped_column(Integer, default=2, server_default="2")


class Membership(db.Model):
    """A person's place in a ward space, with the ward role."""

    __tablename__ = "membership"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(12), default="member")
    admin_label: Mapped[str | None] = mapped_column(String(12))  # the first label, kept for older code
    # Sub-role labels, comma-separated codes of ADMIN_LABELS: labels only, no power.
    labels: Mapped[str] = mapped_column(String(40), default="", server_default="")
    status: Mapped[str] = mapped_column(String(12), default="active")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    ward: Mapped[Ward] = relationship()
    person: Mapped[Person] = relationship(back_populates="memberships", foreign_keys=[person_id])

    __table_args__ = (
        UniqueConstraint("ward_id", "person_id"),
        Index("ix_membership_person_ward", "person_id", "ward_id"),
        CheckConstraint("role IN ('member', 'admin', 'manager')", name="role_known"),
        CheckConstraint("status IN ('active', 'suspended', 'excluded')", name="status_known"),
    )

    @property
    def label_codes(self) -> list[str]:
        codes = [code for code in (self.labels or "").split(",") if code in ADMIN_LABELS]
        if not codes and self.admin_label in ADMIN_LABELS:
            codes = [self.admin_label]
        return codes

    @property
    def label_names(self) -> list[str]:
        return [ADMIN_LABELS[code] for code in self.label_codes]

    @property
    def role_label(self) -> str:
        label = ROLE_LABELS[self.role]
        if self.label_codes:
            label += f" ({', '.join(self.label_names)})"
        return label


class JoinRequest(db.Model):
    """A person asking to join a ward; an admin approves or refuses."""

    __tablename__ = "join_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")

    ward: Mapped[Ward] = relationship()
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    decided_by: Mapped[Person | None] = relationship(foreign_keys=[decided_by_id])

    __table_args__ = (
        Index("ix_join_request_ward_status", "ward_id", "status", "created_at"),
        Index("ix_join_request_person", "person_id", "status"),
        CheckConstraint("status IN ('pending', 'approved', 'refused')", name="status_known"),
    )


class Invitation(db.Model):
    """A single-use, expiring link an admin gives to someone to join a ward."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    ward: Mapped[Ward] = relationship()
    created_by: Mapped[Person | None] = relationship(foreign_keys=[created_by_id])
    used_by: Mapped[Person | None] = relationship(foreign_keys=[used_by_id])

    __table_args__ = (Index("ix_invitation_ward_created", "ward_id", "created_at"),)

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > now


class LoginEvent(db.Model):
    """Connection history (date, address, device, outcome), purged after the retention."""

    __tablename__ = "login_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    matricule: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    outcome: Mapped[str] = mapped_column(String(12))

    __table_args__ = (
        Index("ix_login_event_matricule_at", "matricule", "at"),
        Index("ix_login_event_person_at", "person_id", "at"),
    )
