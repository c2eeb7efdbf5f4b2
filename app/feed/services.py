"""Business actions of the feed: take the acting person as `by=`, flush, never commit."""

import io
import secrets
from datetime import date, datetime
from pathlib import Path

from flask import current_app
from PIL import Image, UnidentifiedImageError
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import joinedload

from app.core.errors import ConflictError, DomainError
from app.core.links import link_to
from app.core.timefmt import PARIS, paris_to_utc, utcnow
from app.extensions import db
from app.feed import policies
from app.models import (
    Person,
    PostIt,
    Publication,
    PublicationRevision,
    PublicationStep,
    PublicationThanks,
    Ward,
)
from app.people_to_tell import ward_leaders, ward_managers
from app.records.services import audit, notify

PAGE_SIZE = 10
STEP_LABELS = {
    "submitted": "Proposée",
    "resubmitted": "Retouchée et renvoyée",
    "sent_back": "Renvoyée pour retouches",
    "escalated": "Soumise à la cadre de soins",
    "published": "Publiée",
    "refused": "Refusée",
    "archived": "Archivée",
}
IMAGE_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000


# --- reading ---------------------------------------------------------------------------


def feed_page(ward: Ward, *, kind: str | None = None, query: str = "", after: int | None = None):
    """Published posts, newest first, PAGE_SIZE at a time (keyset on published_at, id)."""
    statement = (
        select(Publication)
        .options(joinedload(Publication.author))
        .where(Publication.ward_id == ward.id, Publication.status == "published")
    )
    if kind:
        statement = statement.where(Publication.kind == kind)
    if not kind and not query:
        statement = statement.where(Publication.pinned.is_(False))  # shown above the feed already
    if query:
        pattern = f"%{query.replace('%', '').replace('_', '')}%"
        statement = statement.where(or_(Publication.title.like(pattern), Publication.body.like(pattern)))
    if after:
        anchor = db.session.execute(
            select(Publication.published_at, Publication.id).where(
                Publication.id == after, Publication.ward_id == ward.id
            )
        ).first()
        if anchor:
            statement = statement.where(
                or_(
                    Publication.published_at < anchor.published_at,
                    and_(Publication.published_at == anchor.published_at, Publication.id < anchor.id),
                )
            )
    rows = db.session.scalars(
        statement.order_by(Publication.published_at.desc(), Publication.id.desc()).limit(PAGE_SIZE + 1)
    ).all()
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def highlights(ward: Ward, today: date | None = None) -> dict:
    """Pinned posts, the latest quote of the day and this month's theme, in one query."""
    today = today or datetime.now(PARIS).date()
    month_start = paris_to_utc(datetime(today.year, today.month, 1, tzinfo=PARIS))  # as stored: naive UTC
    rows = db.session.scalars(
        select(Publication)
        .options(joinedload(Publication.author))
        .where(
            Publication.ward_id == ward.id,
            Publication.status == "published",
            or_(Publication.pinned, Publication.kind.in_(("quote", "theme"))),
        )
        .order_by(Publication.published_at.desc(), Publication.id.desc())
        .limit(30)
    ).all()
    quote = next((p for p in rows if p.kind == "quote"), None)
    theme = next((p for p in rows if p.kind == "theme" and p.published_at >= month_start), None)
    pinned = [p for p in rows if p.pinned and p not in (quote, theme)][:5]
    return {"pinned": pinned, "quote": quote, "theme": theme}


def thanked_ids(person: Person, publication_ids: list[int]) -> set[int]:
    if not publication_ids:
        return set()
    return set(
        db.session.scalars(
            select(PublicationThanks.publication_id).where(
                PublicationThanks.person_id == person.id,
                PublicationThanks.publication_id.in_(publication_ids),
            )
        )
    )


def review_queue(ward: Ward, person: Person) -> list[Publication]:
    """What this person may decide now: submitted posts for admins, escalated for the manager."""
    statuses = []
    if policies.can_administer_ward(person, ward):
        statuses.append("submitted")
    if policies.is_ward_manager(person, ward):
        statuses.append("escalated")
    if not statuses:
        return []
    return db.session.scalars(
        select(Publication)
        .options(joinedload(Publication.author))
        .where(Publication.ward_id == ward.id, Publication.status.in_(statuses))
        .order_by(Publication.created_at)
    ).all()


def pending_count(ward: Ward, person: Person) -> int:
    statuses = ["submitted"] if policies.can_administer_ward(person, ward) else []
    if policies.is_ward_manager(person, ward):
        statuses.append("escalated")
    if not statuses:
        return 0
    return db.session.scalar(
        select(func.count(Publication.id)).where(
            Publication.ward_id == ward.id, Publication.status.in_(statuses)
        )
    )


def my_publications(ward: Ward, person: Person) -> list[Publication]:
    return db.session.scalars(
        select(Publication)
        .where(Publication.ward_id == ward.id, Publication.author_id == person.id)
        .order_by(Publication.created_at.desc())
        .limit(100)
    ).all()


def steps_of(publication: Publication) -> list[PublicationStep]:
    return db.session.scalars(
        select(PublicationStep)
        .options(joinedload(PublicationStep.actor))
        .where(PublicationStep.publication_id == publication.id)
        .order_by(PublicationStep.at, PublicationStep.id)
    ).all()


def revisions_of(publication: Publication) -> list[PublicationRevision]:
    return db.session.scalars(
        select(PublicationRevision)
        .options(joinedload(PublicationRevision.editor))
        .where(PublicationRevision.publication_id == publication.id)
        .order_by(PublicationRevision.at.desc())
    ).all()


# --- pictures ----------------------------------------------------------------------------


def _upload_dir() -> Path:
    base = current_app.config.get("UPLOAD_FOLDER") or str(Path(current_app.instance_path) / "uploads")
    folder = Path(base) / "feed"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_image(data: bytes) -> tuple[str, str]:
    """Check a picture by its content, re-encode it (drops metadata such as location), store it."""
    if len(data) > MAX_IMAGE_BYTES:
        raise DomainError("L'image dépasse 5 Mo : choisissez-en une plus légère.", field="image")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in IMAGE_FORMATS or image.width * image.height > MAX_IMAGE_PIXELS:
            raise DomainError("Seules les images JPEG, PNG ou WebP sont acceptées.", field="image")
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise DomainError(
            "Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP).", field="image"
        ) from error
    extension, mime = IMAGE_FORMATS[image.format]
    image.thumbnail((1600, 1600))
    output = io.BytesIO()
    if image.format == "JPEG" or extension == "jpg":
        image.convert("RGB").save(output, "JPEG", quality=85)
    else:
        image.save(output, image.format)
    name = f"{secrets.token_hex(16)}.{extension}"
    (_upload_dir() / name).write_bytes(output.getvalue())
    return name, mime


def image_path(publication: Publication) -> Path | None:
    if not publication.image_name:
        return None
    path = _upload_dir() / publication.image_name
    return path if path.is_file() else None


# --- the circuit -----------------------------------------------------------------------


def _step(publication: Publication, by: Person | None, action: str, before: str, note: str = "") -> None:
    db.session.add(
        PublicationStep(
            publication_id=publication.id,
            actor_id=by.id if by else None,
            action=action,
            from_status=before,
            to_status=publication.status,
            note=note,
        )
    )


def _link(publication: Publication) -> str:
    return link_to("feed.detail", ward_slug=publication.ward.slug, publication_id=publication.id)


def create_publication(
    ward: Ward, *, by: Person, kind: str, title: str, body: str, image: bytes | None = None
) -> Publication:
    """A member's post waits for an admin; an admin's or the manager's publishes at once."""
    title, body = title.strip(), body.strip()
    if not title:
        raise DomainError("Donnez un titre à votre publication.", field="title")
    if not body:
        raise DomainError("Écrivez le texte de votre publication.", field="body")
    direct = policies.can_publish_directly(by, ward)
    now = utcnow()
    publication = Publication(
        ward_id=ward.id,
        author_id=by.id,
        kind=kind,
        title=title,
        body=body,
        status="published" if direct else "submitted",
        created_at=now,
        updated_at=now,
        published_at=now if direct else None,
    )
    if image:
        publication.image_name, publication.image_type = store_image(image)
    db.session.add(publication)
    db.session.flush()
    _step(publication, by, "published" if direct else "submitted", "")
    if direct:
        audit("publication.published", by=by, ward=ward, target=publication)
    else:
        for admin_id in [p.id for p in ward_leaders(ward)]:
            if admin_id != by.id:
                notify(
                    admin_id,
                    "publication.submitted",
                    f"Nouvelle publication à valider : « {title} ».",
                    link=_link(publication),
                    ward=ward,
                )
    return publication


def _move(publication: Publication, expected: tuple[str, ...], to: str, **values) -> str:
    """Change the status only if nobody moved it first; returns the status it had."""
    before = publication.status
    result = db.session.execute(
        update(Publication)
        .where(Publication.id == publication.id, Publication.status.in_(expected))
        .values(status=to, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError("Cette publication a déjà été traitée par quelqu'un d'autre.")
    db.session.refresh(publication)
    return before


def publish(publication: Publication, *, by: Person) -> None:
    if not policies.can_review_publication(by, publication):
        raise DomainError("Vous ne pouvez pas publier ce message maintenant.")
    before = _move(publication, (publication.status,), "published", published_at=utcnow())
    _step(publication, by, "published", before)
    audit("publication.published", by=by, ward=publication.ward, target=publication)
    if publication.author_id and publication.author_id != by.id:
        notify(
            publication.author_id,
            "publication.published",
            f"Votre publication « {publication.title} » est en ligne. Merci !",
            link=_link(publication),
            ward=publication.ward,
        )


def send_back(publication: Publication, *, by: Person, comment: str) -> None:
    """Back to the author with what to change."""
    comment = comment.strip()
    if not comment:
        raise DomainError("Dites à l'auteur ce qu'il faut changer.", field="note")
    if not policies.can_review_publication(by, publication):
        raise DomainError("Vous ne pouvez pas renvoyer ce message maintenant.")
    before = _move(publication, (publication.status,), "changes")
    _step(publication, by, "sent_back", before, comment)
    audit("publication.sent_back", by=by, ward=publication.ward, target=publication, reason=comment)
    if publication.author_id:
        notify(
            publication.author_id,
            "publication.sent_back",
            f"« {publication.title} » : quelques retouches demandées — {comment}",
            link=_link(publication),
            ward=publication.ward,
        )


def refuse(publication: Publication, *, by: Person, reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise DomainError("Indiquez la raison du refus : l'auteur la recevra.", field="note")
    if not policies.can_review_publication(by, publication):
        raise DomainError("Vous ne pouvez pas refuser ce message maintenant.")
    before = _move(publication, (publication.status,), "refused")
    _step(publication, by, "refused", before, reason)
    audit("publication.refused", by=by, ward=publication.ward, target=publication, reason=reason)
    if publication.author_id:
        notify(
            publication.author_id,
            "publication.refused",
            f"« {publication.title} » n'a pas été publiée : {reason}",
            link=_link(publication),
            ward=publication.ward,
        )


def escalate(publication: Publication, *, by: Person, note: str = "") -> None:
    """An admin asks the ward manager to decide."""
    if not policies.can_escalate_publication(by, publication):
        raise DomainError("Seul un·e administrateur·rice peut soumettre une publication à la cadre.")
    before = _move(publication, ("submitted",), "escalated")
    _step(publication, by, "escalated", before, note.strip())
    audit("publication.escalated", by=by, ward=publication.ward, target=publication, reason=note.strip())
    for manager_id in [p.id for p in ward_managers(publication.ward)]:
        notify(
            manager_id,
            "publication.escalated",
            f"Votre avis est demandé sur « {publication.title} ».",
            link=_link(publication),
            ward=publication.ward,
        )
    if publication.author_id:
        notify(
            publication.author_id,
            "publication.escalated",
            f"« {publication.title} » est soumise à la cadre de soins pour décision.",
            link=_link(publication),
            ward=publication.ward,
        )


def edit(publication: Publication, *, by: Person, kind: str, title: str, body: str) -> None:
    """The author retouches (and resubmits); an admin edits a published post, history kept."""
    if not policies.can_edit_publication(by, publication):
        raise DomainError("Vous ne pouvez pas modifier cette publication.")
    title, body = title.strip(), body.strip()
    if not title:
        raise DomainError("Donnez un titre à votre publication.", field="title")
    if not body:
        raise DomainError("Écrivez le texte de votre publication.", field="body")
    if publication.status == "published":
        db.session.add(
            PublicationRevision(
                publication_id=publication.id, editor_id=by.id, title=publication.title, body=publication.body
            )
        )
        audit("publication.edited", by=by, ward=publication.ward, target=publication)
    before = publication.status
    publication.kind, publication.title, publication.body = kind, title, body
    publication.updated_at = utcnow()
    if before == "changes":
        _move(publication, ("changes",), "submitted")
        _step(publication, by, "resubmitted", before)
    db.session.flush()


def set_pinned(publication: Publication, *, by: Person, pinned: bool) -> None:
    if not policies.can_curate_publication(by, publication):
        raise DomainError("Seuls les administrateurs épinglent les publications en ligne.")
    publication.pinned = pinned
    audit(
        "publication.pinned" if pinned else "publication.unpinned",
        by=by,
        ward=publication.ward,
        target=publication,
    )


def archive(publication: Publication, *, by: Person) -> None:
    if not policies.can_curate_publication(by, publication):
        raise DomainError("Seuls les administrateurs archivent les publications en ligne.")
    before = _move(publication, ("published",), "archived", pinned=False)
    _step(publication, by, "archived", before)
    audit("publication.archived", by=by, ward=publication.ward, target=publication)


def toggle_thanks(publication: Publication, *, by: Person) -> bool:
    """One « merci » per person; a second tap takes it back. Returns whether it is on."""
    if not policies.can_thank_publication(by, publication):
        raise DomainError("Vous ne pouvez pas remercier pour cette publication.")
    existing = db.session.scalar(
        select(PublicationThanks).where(
            PublicationThanks.publication_id == publication.id, PublicationThanks.person_id == by.id
        )
    )
    if existing:
        db.session.delete(existing)
        delta = -1
    else:
        db.session.add(PublicationThanks(publication_id=publication.id, person_id=by.id))
        delta = 1
    db.session.flush()
    db.session.execute(
        update(Publication)
        .where(Publication.id == publication.id)
        .values(thanks_count=Publication.thanks_count + delta)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(publication)
    return delta > 0


def latest_postits(ward: Ward, limit: int = 4) -> list:
    """The newest visible notes of the post-it board, for the ward home (no author shown)."""
    return db.session.scalars(
        select(PostIt)
        .where(PostIt.ward_id == ward.id, PostIt.hidden.is_(False))
        .order_by(PostIt.created_at.desc(), PostIt.id.desc())
        .limit(limit)
    ).all()
