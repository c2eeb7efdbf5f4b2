"""The discussion under a publication or an activity: comments, published at once."""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timefmt import utcnow
from app.extensions import db
from app.models.moderation import Moderated, moderation_indexes
from app.models.people import Person, Ward

PARENT_TYPES = ("publication", "activity")


class Comment(Moderated, db.Model):
    """A message of the discussion under a publication or an activity; published at once."""

    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    target_type: Mapped[str] = mapped_column(String(20))  # "publication" or "activity"
    target_id: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    author: Mapped[Person | None] = relationship(foreign_keys=[author_id])
    ward: Mapped[Ward] = relationship()

    __table_args__ = (
        Index("ix_comment_target", "target_type", "target_id", "created_at"),
        Index("ix_comment_ward_created", "ward_id", "created_at"),  # the indicators
        *moderation_indexes("comment"),
        CheckConstraint("target_type IN ('publication', 'activity')", name="target_known"),
    )
