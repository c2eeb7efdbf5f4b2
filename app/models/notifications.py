"""Notifications beyond the bell: each person's choices, the mail outbox, slot reminders."""

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timefmt import utcnow
from app.extensions import db


class NotificationSetting(db.Model):
    """One person's choices: per category none / app / mail, a confirmed address, quiet hours."""

    __tablename__ = "notification_setting"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    # JSON object {category: "none" | "app" | "mail"}; a missing category means "app".
    channels: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(254))  # confirmed address only
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    pending_email: Mapped[str | None] = mapped_column(String(254))  # waiting for its link
    # Quiet hours as minutes after midnight, Paris time; both None = no quiet hours.
    quiet_from: Mapped[int | None] = mapped_column(SmallInteger)
    quiet_to: Mapped[int | None] = mapped_column(SmallInteger)
    quiet_urgent: Mapped[bool] = mapped_column(Boolean, default=False)  # urgent mail goes through
    weekly_digest: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class MailOutbox(db.Model):
    """A mail to send, written in the same transaction as its notification; `flask send-mail`
    claims rows with a conditional UPDATE (so two machines never send one twice)."""

    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notification.id", ondelete="SET NULL"))
    category: Mapped[str] = mapped_column(String(20), default="")
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)  # may cross quiet hours if allowed
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    claimed_by: Mapped[str] = mapped_column(String(64), default="")
    claim_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # For mails made by a command (the weekly digest): the unique key makes them once only.
    once_key: Mapped[str | None] = mapped_column(String(80), unique=True)

    __table_args__ = (
        Index("ix_mail_outbox_due", "status", "not_before"),
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="status_known"),
    )


class SlotReminder(db.Model):
    """A reminder given for one sign-up: the unique row is what makes it happen once."""

    __tablename__ = "slot_reminder"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sign_up_id: Mapped[int] = mapped_column(ForeignKey("sign_up.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))  # "eve" (day before, 18:00) or "hour"
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("sign_up_id", "kind"),)


class WardNotificationSetting(db.Model):
    """A ward's choices: the digest's day (ISO weekday) and when slot reminders come (Paris).
    A ward without a row gets the defaults."""

    __tablename__ = "ward_notification_setting"

    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), primary_key=True)
    digest_weekday: Mapped[int] = mapped_column(SmallInteger, default=5)  # Friday
    eve_reminder: Mapped[bool] = mapped_column(Boolean, default=True)  # the day before…
    eve_reminder_at: Mapped[int] = mapped_column(SmallInteger, default=18 * 60)  # …at (minutes)
    before_reminder: Mapped[bool] = mapped_column(Boolean, default=True)  # shortly before…
    reminder_minutes_before: Mapped[int] = mapped_column(SmallInteger, default=60)  # …by
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint("digest_weekday BETWEEN 1 AND 7", name="weekday_range"),
        CheckConstraint("eve_reminder_at BETWEEN 0 AND 1439", name="eve_in_a_day"),
        CheckConstraint("reminder_minutes_before BETWEEN 5 AND 720", name="before_range"),
    )
