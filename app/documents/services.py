"""Documents: type checked by content (never by name), size limited, stored outside static/."""

import io
import secrets
import zipfile
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from app.core.errors import DomainError
from app.extensions import db
from app.models import Document, Person, Ward
from app.records.services import audit

MAX_BYTES = 5 * 1024 * 1024
CATEGORIES = {
    "charters": "Chartes",
    "posters": "Affiches et flyers",
    "meetings": "Comptes rendus",
    "guides": "Fiches pratiques",
    "other": "Autres",
}
OFFICE = {
    "word/": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
ODF = {
    b"application/vnd.oasis.opendocument.text": ("odt", "application/vnd.oasis.opendocument.text"),
    b"application/vnd.oasis.opendocument.spreadsheet": (
        "ods",
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    b"application/vnd.oasis.opendocument.presentation": (
        "odp",
        "application/vnd.oasis.opendocument.presentation",
    ),
}


def sniff(data: bytes) -> tuple[str, str] | None:
    """(extension, MIME type) from the first bytes and structure of the file, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg", "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp", "image/webp"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    return None


def _sniff_zip(data: bytes) -> tuple[str, str] | None:
    """An OpenDocument file (its `mimetype` entry) or an Office one (its part names), or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                return ODF.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                for prefix, kind in OFFICE.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, KeyError):
        return None
    return None


def _folder() -> Path:
    base = current_app.config.get("UPLOAD_FOLDER") or str(Path(current_app.instance_path) / "uploads")
    folder = Path(base) / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def listed(ward: Ward) -> dict[str, list[Document]]:
    """The ward's documents still listed, by category, newest first in each."""
    grouped: dict[str, list[Document]] = {}
    for document in db.session.scalars(
        select(Document)
        .where(Document.ward_id == ward.id, Document.archived.is_(False))
        .order_by(Document.category, Document.created_at.desc())
    ):
        grouped.setdefault(document.category, []).append(document)
    return grouped


def document_in(ward: Ward, document_id: int) -> Document | None:
    """A listed document of this ward (None for another ward's or an archived one)."""
    document = db.session.get(Document, document_id)
    if document is None or document.ward_id != ward.id or document.archived:
        return None
    return document


def path_of(document: Document) -> Path:
    return _folder() / document.stored_name


def upload(ward: Ward, *, by: Person, title: str, category: str, filename: str, data: bytes) -> Document:
    if category not in CATEGORIES:
        raise DomainError("Choisissez une catégorie.", field="category")
    if not data:
        raise DomainError("Choisissez un fichier.", field="file")
    if len(data) > MAX_BYTES:
        raise DomainError("Le fichier dépasse 5\u00a0Mo\u00a0: réduisez-le avant de l'envoyer.", field="file")
    kind = sniff(data)
    if kind is None:
        raise DomainError(
            "Ce type de fichier n'est pas accepté\u00a0: PDF, image (JPEG, PNG, WebP) "
            "ou document bureautique (Word, Excel, PowerPoint, LibreOffice).",
            field="file",
        )
    extension, mime = kind
    stored = f"{secrets.token_hex(16)}.{extension}"
    (_folder() / stored).write_bytes(data)
    original = Path(filename or "document").name[:150]
    document = Document(
        ward_id=ward.id,
        category=category,
        title=(title.strip() or original)[:160],
        original_name=f"{Path(original).stem[:140]}.{extension}",
        stored_name=stored,
        mime_type=mime,
        size=len(data),
        uploaded_by_id=by.id,
    )
    db.session.add(document)
    db.session.flush()
    audit("document.uploaded", by=by, ward=ward, target=document)
    return document


def archive(document: Document, *, by: Person, ward: Ward) -> None:
    """Off the list, kept on disk and in the history."""
    document.archived = True
    db.session.flush()
    audit("document.archived", by=by, ward=ward, target=document)
