"""A ward's shifts (e.g. jour 7 h–19 h, nuit 19 h–7 h) and the usual break times in each."""

from datetime import datetime, time

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timefmt import utcnow
from app.extensions import db


class Shift(db.Model):
    """One of the ward's shifts, in Paris wall-clock time; a night shift ends the next
    morning (ends < starts). `breaks` lists the usual break times, "10:00,12:30"."""

    __tablename__ = "shift"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(40))
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)
    breaks: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("ward_id", "name"),
        Index("ix_shift_ward_starts", "ward_id", "starts"),
    )

    @property
    def crosses_midnight(self) -> bool:
        return self.ends <= self.starts

    @property
    def break_times(self) -> list[time]:
        return [time.fromisoformat(part) for part in self.breaks.split(",") if part]
