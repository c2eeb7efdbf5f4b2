"""The shared agenda: events of a ward, find-a-date polls, calendar feed tokens."""

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
from app.models.moderation import Moderated, moderation_indexes
from app.models.people import Person, Ward

EVENT_KINDS = {
    "meeting": "Réunion",
    "collective": "Temps collectif",
    "celebration": "Fête",
    "training": "Formation",
    "other": "Autre",
}
POLL_ANSWERS = {"yes": "Oui", "maybe": "Si nécessaire", "no": "Non"}


class Event(Moderated, db.Model):
    """A moment of the ward's agenda; any member adds one, watched after the fact."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    uid: Mapped[str] = mapped_column(String(64), unique=True)  # stable iCalendar UID
    kind: Mapped[str] = mapped_column(String(12), default="other")
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime)  # UTC; for all-day, Paris midnight
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # iCalendar SEQUENCE, bumped on change
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    author: Mapped[Person | None] = relationship(foreign_keys=[author_id])
    ward: Mapped[Ward] = relationship()

    __table_args__ = (
        Index("ix_event_ward_starts", "ward_id", "starts_at"),
        *moderation_indexes("event"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(
            "kind IN ('meeting', 'collective', 'celebration', 'training', 'other')", name="kind_known"
        ),
    )

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS.get(self.kind, "Autre")


class CalendarToken(db.Model):
    """A person's secret for calendar subscriptions (phone, Outlook) without logging in.
    Only its hash is stored; resetting revokes the old one."""

    __tablename__ = "calendar_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    person: Mapped[Person] = relationship()

    __table_args__ = (Index("ix_calendar_token_person", "person_id", "revoked_at"),)


class DatePoll(db.Model):
    """Find a date (like Framadate): options, answers yes / if needed / no, one chosen."""

    __tablename__ = "date_poll"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(12), default="meeting")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    organiser: Mapped[Person | None] = relationship()
    options: Mapped[list["DatePollOption"]] = relationship(
        back_populates="poll", order_by="DatePollOption.starts_at", cascade="all, delete-orphan"
    )

    __table_args__ = (Index("ix_date_poll_ward", "ward_id", "created_at"),)


class DatePollOption(db.Model):
    __tablename__ = "date_poll_option"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("date_poll.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)

    poll: Mapped[DatePoll] = relationship(back_populates="options")

    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)


class DatePollAnswer(db.Model):
    __tablename__ = "date_poll_answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    option_id: Mapped[int] = mapped_column(ForeignKey("date_poll_option.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    answer: Mapped[str] = mapped_column(String(8))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    person: Mapped[Person] = relationship()

    __table_args__ = (
        UniqueConstraint("option_id", "person_id"),
        CheckConstraint("answer IN ('yes', 'maybe', 'no')", name="answer_known"),
    )
