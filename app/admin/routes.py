"""Ward admin views: pending access requests and invitations (the full admin space comes later)."""

from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from app import policies
from app.admin import bp, journal, services
from app.admin.forms import InvitationCreateForm, RefuseForm
from app.auth.forms import EmptyForm
from app.auth.services import approve_request, create_invitation, refuse_request, revoke_invitation
from app.core.timefmt import utcnow
from app.core.web import acting_person, wants_fragment
from app.core.writes import write
from app.models import JoinRequest
from app.people_to_tell import ward_managers


def _request_or_404(request_id: int) -> JoinRequest:
    join = services.request_in(g.ward, request_id)
    if join is None:
        abort(404)
    return join


@bp.get("/")
def index():
    entries = services.recent_audit(g.ward) if policies.can_see_audit_log(current_user, g.ward) else []
    entries = journal.tell(entries)  # in French words, never a raw code
    return render_template(
        "admin/index.html",
        ward=g.ward,
        pending=services.pending_count(g.ward),
        entries=entries,
        has_manager=bool(ward_managers(g.ward)),
    )


@bp.get("/demandes")
def requests():
    return render_template(
        "admin/requests.html",
        ward=g.ward,
        requests=services.pending_requests(g.ward),
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
    person = acting_person()
    outcome = write(lambda: approve_request(join, by=person))
    if not outcome.ok:
        return _after_decision(join, outcome.message, status=outcome.status)
    return _after_decision(join, f"{join.person.display_name} fait maintenant partie du service.")


@bp.post("/demandes/<int:request_id>/refuser")
def refuse(request_id: int):
    join = _request_or_404(request_id)
    form = RefuseForm()
    if not form.validate_on_submit():
        return _after_decision(join, "Indiquez la raison du refus.", refuse_form=form, status=422)
    person, reason = acting_person(), form.reason.data
    outcome = write(lambda: refuse_request(join, by=person, reason=reason))
    if not outcome.ok:
        return _after_decision(join, outcome.message, refuse_form=form, status=outcome.status)
    return _after_decision(join, f"La demande de {join.person.display_name} est refusée.")


@bp.route("/invitations", methods=["GET", "POST"])
def invitations():
    form = InvitationCreateForm()
    new_link = None
    if form.validate_on_submit():
        ward, person, note = g.ward, acting_person(), form.note.data or ""
        outcome = write(lambda: create_invitation(ward, by=person, note=note), form=form)
        if outcome.ok:
            _invitation, token = outcome.value
            new_link = url_for("auth.invitation", token=token, _external=True)
            form = InvitationCreateForm(formdata=None)
    status = 422 if form.errors else 200
    return render_template(
        "admin/invitations.html",
        ward=g.ward,
        form=form,
        new_link=new_link,
        invitations=services.invitations_of(g.ward),
        revoke_form=EmptyForm(),
        now=utcnow(),
    ), status


@bp.post("/invitations/<int:invitation_id>/annuler")
def revoke(invitation_id: int):
    invitation = services.invitation_in(g.ward, invitation_id)
    if invitation is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    person = acting_person()
    outcome = write(lambda: revoke_invitation(invitation, by=person))
    if outcome.ok:
        flash("L'invitation est annulée : le lien ne fonctionne plus.", "success")
    else:
        flash(outcome.message, "error")
    return redirect(url_for("ward_admin.invitations"), code=303)


@bp.get("/messages")
def messages():
    return render_template("admin/messages.html", ward=g.ward, messages=services.contact_messages(g.ward))


@bp.post("/messages/<int:message_id>/traite")
def handle_message(message_id: int):
    message = services.message_in(g.ward, message_id)
    if message is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    person = acting_person()
    handled = write(lambda: services.toggle_handled(message, by=person)).value
    flash("Message marqué comme traité." if handled else "Message remis à traiter.", "success")
    return redirect(url_for("ward_admin.messages"), code=303)
