"""Write to the append-only audit log and to a person's notifications (flush, never commit)."""

import json
import logging

from app.extensions import db
from app.models import AuditEntry, Notification, Person, Ward

log = logging.getLogger("atc.audit")


def _one_line(text: str) -> str:
    """Neutralise line breaks so logged input cannot forge log lines."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def audit(
    action: str,
    *,
    by: Person | None,
    ward: Ward | None = None,
    target=None,
    reason: str = "",
    detail: dict | None = None,
) -> AuditEntry:
    """Record a decision (who, what, on what, in which ward, why). Rows are never changed."""
    entry = AuditEntry(
        actor_id=by.id if by else None,
        ward_id=ward.id if ward else None,
        action=action,
        target_type=target.__tablename__ if target is not None else "",
        target_id=getattr(target, "id", None),
        reason=reason or "",
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else "",
    )
    db.session.add(entry)
    db.session.flush()
    log.info(
        "audit action=%s actor=%s ward=%s target=%s:%s reason=%s",
        action,
        by.id if by else "-",
        ward.slug if ward else "-",
        entry.target_type or "-",
        entry.target_id or "-",
        _one_line(reason or ""),
    )
    return entry


def notify(
    person: Person | int, kind: str, text: str, *, link: str = "", ward: Ward | None = None
) -> Notification:
    """Tell one person something that concerns them (shown under the bell)."""
    person_id = person if isinstance(person, int) else person.id
    note = Notification(
        person_id=person_id,
        ward_id=ward.id if ward else None,
        kind=kind,
        text=text[:500],
        link=link[:300],
    )
    db.session.add(note)
    return note
