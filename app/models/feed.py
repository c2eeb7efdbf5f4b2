"""The ward's news feed (tableau de service): publications, their reviews, thanks.
Their discussion is app.models.discussions.Comment."""

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
from app.models.people import Person, Ward

PUBLICATION_KINDS = {
    "article": "Article",
    "info": "Info",
    "idea": "Idée",
    "deal": "Bon plan",
    "quote": "Phrase du jour",
    "theme": "Thème du mois",
}
PUBLICATION_STATUSES = {
    "submitted": "En attente de validation",
    "changes": "À retoucher",
    "escalated": "Soumise à la cadre",
    "published": "Publiée",
    "refused": "Refusée",
    "archived": "Archivée",
}


class Publication(db.Model):
    """A post of the ward's feed; members' posts wait for an admin, admins' publish directly."""

    __tablename__ = "publication"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(160))
    body: Mapped[str] = mapped_column(Text)  # Markdown, rendered then sanitised
    image_name: Mapped[str | None] = mapped_column(String(64))  # file in instance/uploads/feed
    image_type: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12), default="submitted")
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    thanks_count: Mapped[int] = mapped_column(Integer, default=0)
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)

    ward: Mapped[Ward] = relationship()
    author: Mapped[Person | None] = relationship()

    __table_args__ = (
        Index("ix_publication_feed", "ward_id", "status", "published_at", "id"),
        Index("ix_publication_ward_kind", "ward_id", "kind", "status", "published_at"),
        Index("ix_publication_author", "author_id", "created_at"),
        CheckConstraint("kind IN ('article', 'info', 'idea', 'deal', 'quote', 'theme')", name="kind_known"),
        CheckConstraint(
            "status IN ('submitted', 'changes', 'escalated', 'published', 'refused', 'archived')",
            name="status_known",
        ),
        CheckConstraint("thanks_count >= 0 AND comment_count >= 0", name="counts_positive"),
    )

    @property
    def kind_label(self) -> str:
        return PUBLICATION_KINDS[self.kind]

    @property
    def status_label(self) -> str:
        return PUBLICATION_STATUSES[self.status]


class PublicationStep(db.Model):
    """One step of a publication's life: submitted, sent back, escalated, published… with a note."""

    __tablename__ = "publication_step"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(12), default="")
    to_status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    actor: Mapped[Person | None] = relationship()

    __table_args__ = (Index("ix_publication_step_publication", "publication_id", "at"),)


class PublicationRevision(db.Model):
    """What a published post said before an edit (the edit history is kept)."""

    __tablename__ = "publication_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id", ondelete="CASCADE"))
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(160))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    editor: Mapped[Person | None] = relationship()

    __table_args__ = (Index("ix_publication_revision_publication", "publication_id", "at"),)


class PublicationThanks(db.Model):
    """A single « merci » per person per publication."""

    __tablename__ = "publication_thanks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("publication_id", "person_id"),
        Index("ix_publication_thanks_person", "person_id", "publication_id"),
    )
