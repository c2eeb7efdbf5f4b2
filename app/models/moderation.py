"""What every reportable thing shares: the moderation columns (one mixin) and the reports.

Post-its, discussion comments and agenda events carry `Moderated`; a report of any of
them is one row of `report` (kind + target id + reporter, one per person and target).
"""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app.core.timefmt import utcnow
from app.extensions import db

REASON_MAX = 500


class Moderated:
    """Watched after the fact: hidden (never deleted) with a reason the author reads,
    reported by members, looked at by a moderator (`reviewed_at`; a new report clears it)."""

    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime)
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)

    @declared_attr
    def hidden_by(cls):  # noqa: N805 - declared_attr receives the mapped class
        return relationship("Person", foreign_keys=[cls.hidden_by_id])


def moderation_indexes(table: str) -> tuple[Index, Index]:
    """The queue's two reads: unreviewed visible items, recently hidden ones."""
    return (
        Index(f"ix_{table}_ward_queue", "ward_id", "hidden", "reviewed_at", "created_at"),
        Index(f"ix_{table}_ward_hidden_at", "ward_id", "hidden", "hidden_at"),
    )


class Report(db.Model):
    """A member telling the moderators that something goes against the charter.
    The reporter is never shown to the author."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    target_type: Mapped[str] = mapped_column(String(20))  # the target's table: postit, comment, event
    target_id: Mapped[int] = mapped_column(Integer)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(REASON_MAX))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("target_type", "target_id", "reporter_id"),
        Index("ix_report_reporter", "reporter_id"),
        Index("ix_report_ward", "ward_id", "created_at"),
    )
