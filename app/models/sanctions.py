"""Sanctions a ward's admins give: a warning, a suspension until a date, an exclusion."""

from datetime import datetime, timedelta

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timefmt import day_full, hour, to_paris, utcnow
from app.extensions import db
from app.models.people import Person, Ward

SANCTION_KINDS = ("warning", "suspension", "exclusion")
SANCTION_LABELS = {
    "warning": "Avertissement",
    "suspension": "Suspension",
    "exclusion": "Exclusion du service",
}


def until_words(until: datetime | None) -> str:
    """ "mardi 15 décembre 2026 inclus" for an end at midnight (Paris), else
    "mardi 15 décembre 2026 à 14 h 00"."""
    if until is None:
        return ""
    local = to_paris(until)
    if (local.hour, local.minute) == (0, 0):
        return f"{day_full(until - timedelta(minutes=1))} inclus"
    return f"{day_full(until)} à {hour(until)}"


class Sanction(db.Model):
    """Kept once given; lifting it early records who, when and why (the row stays)."""

    __tablename__ = "sanction"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text)
    until: Mapped[datetime | None] = mapped_column(DateTime)  # suspensions only
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    lifted_at: Mapped[datetime | None] = mapped_column(DateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    lift_reason: Mapped[str] = mapped_column(Text, default="")

    ward: Mapped[Ward] = relationship()
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    by: Mapped[Person | None] = relationship(foreign_keys=[by_id])
    lifted_by: Mapped[Person | None] = relationship(foreign_keys=[lifted_by_id])

    __table_args__ = (
        Index("ix_sanction_ward_person", "ward_id", "person_id", "kind"),
        Index("ix_sanction_person", "person_id", "created_at"),
        CheckConstraint("kind IN ('warning', 'suspension', 'exclusion')", name="kind_known"),
    )

    @property
    def label(self) -> str:
        return SANCTION_LABELS[self.kind]

    def in_force(self, now: datetime) -> bool:
        """A warning stays on record but restrains nothing; a suspension ends at its date."""
        if self.lifted_at is not None or self.kind == "warning":
            return False
        return self.kind == "exclusion" or (self.until is not None and self.until > now)

    @property
    def until_label(self) -> str:
        return until_words(self.until)
