"""Post-it de service: the ward's idea box. Notes, supports (+1) and reports."""

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
from app.models.moderation import REASON_MAX, Moderated, moderation_indexes
from app.models.people import Person, Ward

__all__ = ["REASON_MAX"]

# Codes in the database, French labels on screen.
POSTIT_KINDS = {"idea": "Idée", "need": "Besoin", "thanks": "Merci", "question": "Question"}
POSTIT_STATUSES = {
    "new": "Nouveau",
    "study": "À l'étude",
    "adopted": "Adopté",
    "done": "Réalisé",
    "declined": "Non retenu",
}
TEXT_MAX = 280
ANSWER_MAX = 1000


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class PostIt(Moderated, db.Model):
    """A short note on the ward's board: posted at once, watched after the fact."""

    __tablename__ = "postit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(String(TEXT_MAX))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    # Flagged when the text looks like patient data (room, social-security number…).
    looks_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)

    status: Mapped[str] = mapped_column(String(12), default="new")
    answer: Mapped[str] = mapped_column(Text, default="")
    status_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    status_at: Mapped[datetime | None] = mapped_column(DateTime)

    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime)

    ward: Mapped[Ward] = relationship()
    author: Mapped[Person | None] = relationship(foreign_keys=[author_id])

    __table_args__ = (
        # The board: newest first, optionally by kind or status; "mine"; the hourly limit.
        Index("ix_postit_ward_created", "ward_id", "created_at"),
        Index("ix_postit_ward_kind_created", "ward_id", "kind", "created_at"),
        Index("ix_postit_ward_status_created", "ward_id", "status", "created_at"),
        Index("ix_postit_author_created", "author_id", "created_at"),
        # The indicators: ideas adopted or done in a period, time to an answer.
        Index("ix_postit_ward_status_at", "ward_id", "status", "status_at"),
        *moderation_indexes("postit"),
        CheckConstraint(_in("kind", POSTIT_KINDS), name="kind_known"),
        CheckConstraint(_in("status", POSTIT_STATUSES), name="status_known"),
    )

    @property
    def kind_label(self) -> str:
        return POSTIT_KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return POSTIT_STATUSES.get(self.status, self.status)


class PostItSupport(db.Model):
    """One "+1" of one person on one note."""

    __tablename__ = "postit_support"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    postit_id: Mapped[int] = mapped_column(ForeignKey("postit.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("postit_id", "person_id"),
        Index("ix_postit_support_person", "person_id"),
    )
