"""Ward admin views: pending access requests and invitations (the full admin space comes later)."""

from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app import policies
from app.admin import bp
from app.admin.forms import InvitationCreateForm, RefuseForm
from app.auth.forms import EmptyForm
from app.auth.services import approve_request, create_invitation, refuse_request, revoke_invitation
from app.core.errors import DomainError, status_of
from app.core.timefmt import utcnow
from app.core.web import wants_fragment
from app.extensions import db
from app.models import AuditEntry, Invitation, JoinRequest


def _pending_requests():
    return db.session.scalars(
        select(JoinRequest)
        .options(joinedload(JoinRequest.person))
        .where(JoinRequest.ward_id == g.ward.id, JoinRequest.status == "pending")
        .order_by(JoinRequest.created_at)
    ).all()


def _request_or_404(request_id: int) -> JoinRequest:
    join = db.session.get(JoinRequest, request_id)
    if join is None or join.ward_id != g.ward.id:
        abort(404)
    return join


@bp.get("/")
def index():
    pending = db.session.scalar(
        select(func.count(JoinRequest.id)).where(
            JoinRequest.ward_id == g.ward.id, JoinRequest.status == "pending"
        )
    )
    entries = []
    if policies.can_see_audit_log(current_user, g.ward):
        entries = db.session.scalars(
            select(AuditEntry)
            .options(joinedload(AuditEntry.actor))
            .where(AuditEntry.ward_id == g.ward.id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(20)
        ).all()
    return render_template("admin/index.html", ward=g.ward, pending=pending, entries=entries)


@bp.get("/demandes")
def requests():
    return render_template(
        "admin/requests.html",
        ward=g.ward,
        requests=_pending_requests(),
        accept_form=EmptyForm(),
        refuse_form=RefuseForm(),
    )


def _after_decision(join: JoinRequest, message: str, *, refuse_form=None, status=200):
    if wants_fragment():
        return render_template(
            "admin/_request_row.html",
            join=join,
            accept_form=EmptyForm(),
            refuse_form=refuse_form or RefuseForm(),
            message=message,
        ), status
    if status >= 400:
        flash(message, "error")
    else:
        flash(message, "success")
    return redirect(url_for("ward_admin.requests"), code=303)


@bp.post("/demandes/<int:request_id>/accepter")
def accept_request(request_id: int):
    join = _request_or_404(request_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        approve_request(join, by=current_user)
        db.session.commit()
        return _after_decision(join, f"{join.person.display_name} fait maintenant partie du service.")
    except DomainError as error:
        db.session.rollback()
        db.session.refresh(join)
        return _after_decision(join, error.message, status=status_of(error))


@bp.post("/demandes/<int:request_id>/refuser")
def refuse(request_id: int):
    join = _request_or_404(request_id)
    form = RefuseForm()
    if not form.validate_on_submit():
        return _after_decision(join, "Indiquez la raison du refus.", refuse_form=form, status=422)
    try:
        refuse_request(join, by=current_user, reason=form.reason.data)
        db.session.commit()
        return _after_decision(join, f"La demande de {join.person.display_name} est refusée.")
    except DomainError as error:
        db.session.rollback()
        db.session.refresh(join)
        return _after_decision(join, error.message, refuse_form=form, status=status_of(error))


@bp.route("/invitations", methods=["GET", "POST"])
def invitations():
    form = InvitationCreateForm()
    new_link = None
    if form.validate_on_submit():
        _invitation, token = create_invitation(g.ward, by=current_user, note=form.note.data or "")
        db.session.commit()
        new_link = url_for("auth.invitation", token=token, _external=True)
        form = InvitationCreateForm(formdata=None)
    listed = db.session.scalars(
        select(Invitation)
        .options(joinedload(Invitation.used_by), joinedload(Invitation.created_by))
        .where(Invitation.ward_id == g.ward.id)
        .order_by(Invitation.created_at.desc())
        .limit(50)
    ).all()
    status = 422 if form.errors else 200
    return render_template(
        "admin/invitations.html",
        ward=g.ward,
        form=form,
        new_link=new_link,
        invitations=listed,
        revoke_form=EmptyForm(),
        now=utcnow(),
    ), status


@bp.post("/invitations/<int:invitation_id>/annuler")
def revoke(invitation_id: int):
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.ward_id != g.ward.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        revoke_invitation(invitation, by=current_user)
        db.session.commit()
        flash("L'invitation est annulée : le lien ne fonctionne plus.", "success")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for("ward_admin.invitations"), code=303)


@bp.get("/messages")
def messages():
    from app.models import ContactMessage

    rows = db.session.scalars(
        select(ContactMessage)
        .options(joinedload(ContactMessage.sender))
        .where(ContactMessage.ward_id == g.ward.id)
        .order_by(ContactMessage.handled_at.is_not(None), ContactMessage.created_at.desc())
        .limit(100)
    ).all()
    return render_template("admin/messages.html", ward=g.ward, messages=rows)


@bp.post("/messages/<int:message_id>/traite")
def handle_message(message_id: int):
    from app.models import ContactMessage

    message = db.session.get(ContactMessage, message_id)
    if message is None or message.ward_id != g.ward.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    message.handled_at = None if message.handled_at else utcnow()
    message.handled_by_id = current_user.id if message.handled_at else None
    db.session.commit()
    flash("Message marqué comme traité." if message.handled_at else "Message remis à traiter.", "success")
    return redirect(url_for("ward_admin.messages"), code=303)
