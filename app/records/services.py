"""Write to the append-only audit log (flush, never commit).

`notify` lives in app.notifications.services; it is re-exported here so the features'
`from app.records.services import audit, notify` keeps working."""

import json
import logging

from app.extensions import db
from app.models import AuditEntry, Person, Ward
from app.notifications.services import notify

__all__ = ["audit", "notify"]

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
