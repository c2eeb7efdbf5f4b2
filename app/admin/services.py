"""The ward admin space's reads (requests, invitations, messages, the audit log) and the
one decision of its own: a contact message handled or back to handle. Access requests and
invitations are decided by app.auth.services."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.core.timefmt import utcnow
from app.extensions import db
from app.models import AuditEntry, ContactMessage, Invitation, JoinRequest, Person, Ward
from app.records.services import audit


def _in_ward(model, ward: Ward, item_id: int):
    item = db.session.get(model, item_id)
    return item if item is not None and item.ward_id == ward.id else None


def pending_requests(ward: Ward) -> list[JoinRequest]:
    return list(
        db.session.scalars(
            select(JoinRequest)
            .options(joinedload(JoinRequest.person))
            .where(JoinRequest.ward_id == ward.id, JoinRequest.status == "pending")
            .order_by(JoinRequest.created_at)
        )
    )


def pending_count(ward: Ward) -> int:
    return db.session.scalar(
        select(func.count(JoinRequest.id)).where(
            JoinRequest.ward_id == ward.id, JoinRequest.status == "pending"
        )
    )


def request_in(ward: Ward, request_id: int) -> JoinRequest | None:
    return _in_ward(JoinRequest, ward, request_id)


def recent_audit(ward: Ward, limit: int = 20) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry)
            .options(joinedload(AuditEntry.actor))
            .where(AuditEntry.ward_id == ward.id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )


def invitations_of(ward: Ward, limit: int = 50) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .options(joinedload(Invitation.used_by), joinedload(Invitation.created_by))
            .where(Invitation.ward_id == ward.id)
            .order_by(Invitation.created_at.desc())
            .limit(limit)
        )
    )


def invitation_in(ward: Ward, invitation_id: int) -> Invitation | None:
    return _in_ward(Invitation, ward, invitation_id)


def contact_messages(ward: Ward, limit: int = 100) -> list[ContactMessage]:
    """Messages to handle first, newest first."""
    return list(
        db.session.scalars(
            select(ContactMessage)
            .options(joinedload(ContactMessage.sender))
            .where(ContactMessage.ward_id == ward.id)
            .order_by(ContactMessage.handled_at.is_not(None), ContactMessage.created_at.desc())
            .limit(limit)
        )
    )


def message_in(ward: Ward, message_id: int) -> ContactMessage | None:
    return _in_ward(ContactMessage, ward, message_id)


def toggle_handled(message: ContactMessage, *, by: Person) -> bool:
    """Mark a message handled, or back to handle; returns whether it is handled now."""
    handled = message.handled_at is None
    message.handled_at = utcnow() if handled else None
    message.handled_by_id = by.id if handled else None
    db.session.flush()
    ward = db.session.get(Ward, message.ward_id)
    audit("contact.handled" if handled else "contact.reopened", by=by, ward=ward, target=message)
    return handled
