"""The manager's delegation: the ward's admins may authorise some activities themselves."""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timefmt import utcnow
from app.extensions import db
from app.models.people import Person, Ward


class Delegation(db.Model):
    """While not revoked: short activities (at most `max_minutes`), on the ward's premises,
    with no budget, may be authorised by an admin; recorded as "par délégation"."""

    __tablename__ = "delegation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    max_minutes: Mapped[int] = mapped_column(Integer, default=30)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))

    ward: Mapped[Ward] = relationship()
    granted_by: Mapped[Person | None] = relationship(foreign_keys=[granted_by_id])
    revoked_by: Mapped[Person | None] = relationship(foreign_keys=[revoked_by_id])

    __table_args__ = (
        Index("ix_delegation_ward", "ward_id", "revoked_at"),
        CheckConstraint("max_minutes > 0 AND max_minutes <= 240", name="max_minutes_bounded"),
    )
