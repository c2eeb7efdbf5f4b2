"""The public portal's personal part: progress in the practical guides."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timefmt import utcnow
from app.extensions import db


class GuideProgress(db.Model):
    """A checklist item of a guide ticked by a person; nobody else sees it."""

    __tablename__ = "guide_progress"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    guide_slug: Mapped[str] = mapped_column(String(60))
    item_key: Mapped[str] = mapped_column(String(20))
    done_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("person_id", "guide_slug", "item_key"),)
