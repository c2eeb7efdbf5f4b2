"""The platform questionnaire ("what people think of the platform"), kept anonymous.

Two tables on purpose: `survey_turn` records that a person answered in a half-year (the
unique constraint keeps it to once per half-year, so twice a year at most), and
`survey_answer` holds what was answered, with no link to the person.
"""

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timefmt import utcnow
from app.extensions import db

# The two closed questions, on a four-step scale (no middle: people choose a side).
SCALE = {1: "Pas du tout", 2: "Plutôt non", 3: "Plutôt oui", 4: "Tout à fait"}
MISSING_MAX = 500
REMARK_MAX = 1000


class SurveyTurn(db.Model):
    """That a person has answered the questionnaire of a half-year ("2026-S2")."""

    __tablename__ = "survey_turn"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    half_year: Mapped[str] = mapped_column(String(7))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("person_id", "half_year"),)


class SurveyAnswer(db.Model):
    """One anonymous answer, counted in the indicators of the ward it was given from."""

    __tablename__ = "survey_answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    half_year: Mapped[str] = mapped_column(String(7))
    answered_on: Mapped[date] = mapped_column(Date)  # the day only: no time to link it back
    useful: Mapped[int] = mapped_column(SmallInteger)
    easy: Mapped[int] = mapped_column(SmallInteger)
    missing: Mapped[str] = mapped_column(String(MISSING_MAX), default="")
    remark: Mapped[str] = mapped_column(String(REMARK_MAX), default="")

    __table_args__ = (
        Index("ix_survey_answer_ward_on", "ward_id", "answered_on"),
        CheckConstraint("useful BETWEEN 1 AND 4", name="useful_range"),
        CheckConstraint("easy BETWEEN 1 AND 4", name="easy_range"),
    )
