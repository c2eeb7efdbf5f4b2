"""The public portal's personal part: progress in the practical guides."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timefmt import utcnow
from app.extensions import db
from app.models.people import Person


class GuideProgress(db.Model):
    """A checklist item of a guide ticked by a person; nobody else sees it."""

    __tablename__ = "guide_progress"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    guide_slug: Mapped[str] = mapped_column(String(60))
    item_key: Mapped[str] = mapped_column(String(20))
    done_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("person_id", "guide_slug", "item_key"),)


class ContactMessage(db.Model):
    """A message to the ward's admins from the directory; kept in the admin space."""

    __tablename__ = "contact_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))

    sender: Mapped["Person | None"] = relationship(foreign_keys=[sender_id])

    __table_args__ = (Index("ix_contact_message_ward", "ward_id", "handled_at", "created_at"),)


class Document(db.Model):
    """A file the admins share with the ward (charter, poster, meeting notes), by category."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(160))
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    uploaded_by: Mapped["Person | None"] = relationship()

    __table_args__ = (Index("ix_document_ward", "ward_id", "archived", "category", "created_at"),)
