"""Kind activities: their framing, vigilance checklist, validation circuit and history."""

from datetime import datetime

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
from app.models.people import Person, Ward

ACTIVITY_STATUSES = {
    "draft": "Brouillon",
    "submitted": "Proposée, à examiner",
    "changes": "Questions à l'auteur·rice",
    "reviewed": "Transmise à la cadre",
    "active": "Active",
    "refused": "Refusée",
    "suspended": "Suspendue (arrêt d'urgence)",
    "archived": "Archivée",
}
BREAKS = {
    "day_morning": "Pause du matin (équipe de jour)",
    "day_lunch": "Pause de midi (équipe de jour)",
    "day_14h": "Pause de 14 h (équipe de jour)",
    "day_evening": "Fin d'après-midi (équipe de jour)",
    "night": "Pause de nuit",
    "shift_change": "Relève (jour / nuit)",
    "other": "Autre moment, à préciser",
}
MAX_DURATION_MINUTES = 12 * 60  # a shift


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class VigilanceCategory(db.Model):
    """One of the specification's six families of vigilance points."""

    __tablename__ = "vigilance_category"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)

    items: Mapped[list["VigilanceItem"]] = relationship(
        back_populates="category", order_by="VigilanceItem.position"
    )


class VigilanceItem(db.Model):
    """A point to check when framing an activity; editable by the platform admin."""

    __tablename__ = "vigilance_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("vigilance_category.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    category: Mapped[VigilanceCategory] = relationship(back_populates="items")

    __table_args__ = (Index("ix_vigilance_item_category", "category_id", "position"),)


class Activity(db.Model):
    """A framed well-being activity of a ward, from proposal to archive."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    # What it is
    name: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    how_it_runs: Mapped[str] = mapped_column(Text, default="")
    # When, given the work organisation
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    target_break: Mapped[str] = mapped_column(String(20), default="")
    schedule_notes: Mapped[str] = mapped_column(Text, default="")
    # Who and with what
    coordinator: Mapped[str] = mapped_column(String(120), default="")
    competence: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    equipment: Mapped[str] = mapped_column(Text, default="")
    budget: Mapped[str] = mapped_column(String(200), default="")
    outside_workplace: Mapped[bool] = mapped_column(Boolean, default=False)
    # Framework
    rules: Mapped[str] = mapped_column(Text, default="")
    feedback_channel: Mapped[str] = mapped_column(Text, default="")
    responsibility_charter: Mapped[str] = mapped_column(Text, default="")
    charter_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    ward: Mapped[Ward] = relationship()
    proposer: Mapped[Person | None] = relationship()
    referent_links: Mapped[list["ActivityReferent"]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_activity_ward_status", "ward_id", "status", "name"),
        Index("ix_activity_proposer", "proposer_id", "created_at"),
        CheckConstraint(_in("status", ACTIVITY_STATUSES), name="status_known"),
        CheckConstraint(
            "duration_minutes IS NULL OR "
            f"(duration_minutes > 0 AND duration_minutes <= {MAX_DURATION_MINUTES})",
            name="duration_in_shift",
        ),
    )

    @property
    def status_label(self) -> str:
        return ACTIVITY_STATUSES[self.status]

    @property
    def break_label(self) -> str:
        return BREAKS.get(self.target_break, "")

    @property
    def referents(self) -> list[Person]:
        return [link.person for link in self.referent_links]


class ActivityReferent(db.Model):
    """A member designated by an admin to keep an activity going (never self-appointed)."""

    __tablename__ = "activity_referent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    appointed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    appointed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    activity: Mapped[Activity] = relationship(back_populates="referent_links")
    person: Mapped[Person] = relationship(foreign_keys=[person_id])

    __table_args__ = (
        UniqueConstraint("activity_id", "person_id"),
        Index("ix_activity_referent_person", "person_id", "activity_id"),
    )


class VigilanceAnswer(db.Model):
    """How a proposal answers one vigilance point: addressed or not applicable, with a note."""

    __tablename__ = "vigilance_answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("vigilance_item.id", ondelete="CASCADE"))
    answer: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(String(500), default="")

    item: Mapped[VigilanceItem] = relationship()

    __table_args__ = (
        UniqueConstraint("activity_id", "item_id"),
        CheckConstraint("answer IN ('addressed', 'na')", name="answer_known"),
    )


class ActivityTransition(db.Model):
    """One step of the circuit: who moved the activity from what to what, when and why."""

    __tablename__ = "activity_transition"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    actor: Mapped[Person | None] = relationship()

    __table_args__ = (Index("ix_activity_transition_activity", "activity_id", "at"),)


class EmergencyStop(db.Model):
    """The ward manager's immediate suspension, with its mandatory justification."""

    __tablename__ = "emergency_stop"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    stopped_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    justification: Mapped[str] = mapped_column(Text)
    stopped_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    lifted_at: Mapped[datetime | None] = mapped_column(DateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(12), default="")  # resumed / archived

    stopped_by: Mapped[Person | None] = relationship(foreign_keys=[stopped_by_id])

    __table_args__ = (Index("ix_emergency_stop_activity", "activity_id", "stopped_at"),)


class MissionOrder(db.Model):
    """The paper an activity outside the usual workplace needs: start, end, purpose, who."""

    __tablename__ = "mission_order"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    purpose: Mapped[str] = mapped_column(Text)
    destination: Mapped[str] = mapped_column(String(200), default="")
    participants: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    activity: Mapped[Activity] = relationship()
    created_by: Mapped[Person | None] = relationship()

    __table_args__ = (
        Index("ix_mission_order_activity", "activity_id", "starts_at"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )
