"""The weekly planner: dated slots of active activities, sign-ups, charters accepted, feedback."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timefmt import utcnow
from app.extensions import db
from app.models.activities import Activity
from app.models.people import Person

SLOT_STATUSES = {"open": "Ouvert", "cancelled": "Annulé", "frozen": "Gelé (arrêt d'urgence)"}


class SlotSeries(db.Model):
    """A weekly recurrence (e.g. Tuesday and Thursday 14:00–14:20 until 31 March)."""

    __tablename__ = "slot_series"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    weekdays: Mapped[str] = mapped_column(String(20))  # ISO weekdays, "2,4"
    start_time: Mapped[str] = mapped_column(String(5))  # "14:00", Paris time
    duration_minutes: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    until: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Slot(db.Model):
    """One dated occurrence of an activity, with its capacity and the places taken."""

    __tablename__ = "slot"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    series_id: Mapped[int | None] = mapped_column(ForeignKey("slot_series.id", ondelete="SET NULL"))
    starts_at: Mapped[datetime] = mapped_column(DateTime)  # UTC
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int] = mapped_column(Integer)
    # Places confirmed. Claimed with one conditional UPDATE, so it never goes past capacity.
    taken: Mapped[int] = mapped_column(Integer, default=0)
    waiting: Mapped[int] = mapped_column(Integer, default=0)
    # The last waiting-list number handed out: each join takes the next one in the same
    # statement that locks the row, so the order is strict and has no gaps (never reused).
    waiting_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    status: Mapped[str] = mapped_column(String(12), default="open")
    message: Mapped[str] = mapped_column(Text, default="")  # the referent's word on a cancel or move
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    activity: Mapped[Activity] = relationship()

    __table_args__ = (
        Index("ix_slot_ward_starts", "ward_id", "starts_at"),
        Index("ix_slot_activity_starts", "activity_id", "starts_at"),
        Index("ix_slot_series", "series_id", "starts_at"),
        CheckConstraint("taken >= 0 AND taken <= capacity", name="taken_within_capacity"),
        CheckConstraint("capacity >= 1 AND capacity <= 500", name="capacity_range"),
        CheckConstraint("waiting >= 0", name="waiting_positive"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("status IN ('open', 'cancelled', 'frozen')", name="status_known"),
    )

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.taken, 0)


class SignUp(db.Model):
    """A person's place in a slot: confirmed, waiting (in order) or cancelled."""

    __tablename__ = "sign_up"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slot.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    waiting_since: Mapped[datetime | None] = mapped_column(DateTime)
    # Place in the waiting list (taken from slot.waiting_seq); lower comes first.
    waiting_seq: Mapped[int | None] = mapped_column(Integer)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    attended: Mapped[bool | None] = mapped_column(Boolean)

    person: Mapped[Person] = relationship()
    slot: Mapped[Slot] = relationship()

    __table_args__ = (
        UniqueConstraint("slot_id", "person_id"),
        Index("ix_sign_up_person", "person_id", "status", "slot_id"),
        Index("ix_sign_up_slot_status", "slot_id", "status", "waiting_since"),
        # One number per person on a slot's waiting list (NULLs, for the others, never clash).
        Index("ix_sign_up_slot_waiting_seq", "slot_id", "waiting_seq", unique=True),
        CheckConstraint("status IN ('confirmed', 'waiting', 'cancelled')", name="status_known"),
    )


class CharterSignature(db.Model):
    """Who accepted which version of an activity's responsibility charter, when, from where.
    Rows never change."""

    __tablename__ = "charter_signature"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    text_sha256: Mapped[str] = mapped_column(String(64))
    shown_at: Mapped[datetime] = mapped_column(DateTime)
    signed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(255), default="")

    __table_args__ = (
        UniqueConstraint("person_id", "activity_id", "version"),
        Index("ix_charter_signature_activity", "activity_id", "version"),
    )


class SlotFeedback(db.Model):
    """After a session: a participant who attended rates it (1–5) and may comment."""

    __tablename__ = "slot_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slot.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    rating: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("slot_id", "person_id"),
        Index("ix_slot_feedback_activity", "activity_id", "created_at"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )
