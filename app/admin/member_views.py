"""The members page and a member's page: role, labels, referent roles, sanctions, removal.
Thin views: load → policy → form → one write → answer (303 with a message, or the page
again with the errors and what was typed, 422)."""

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.activities import services as activities
from app.admin import bp, delegations, members, sanctions
from app.admin import policies as admin_policies
from app.admin.forms import (
    DelegationForm,
    LabelsForm,
    LiftForm,
    MemberFilterForm,
    ReferentForm,
    RemoveForm,
    RoleForm,
    SanctionForm,
)
from app.auth.forms import EmptyForm
from app.auth.services import lift_lock, lock_of
from app.core.timefmt import utcnow
from app.core.web import acting_person, render_page_or_fragment
from app.core.writes import write
from app.models import Membership
from app.policies import can_manage_delegation, delegation_of


@bp.get("/membres")
def members_list():
    form = MemberFilterForm(request.args)
    form.validate()
    rows = members.members(
        g.ward,
        q=form.q.data or "",
        role=form.role.data or "",
        status=form.statut.data or "",
        label=form.etiquette.data or "",
    )
    return render_page_or_fragment(
        "admin/members.html", "admin/_member_list.html", ward=g.ward, form=form, rows=rows
    )


def _membership_or_404(person_id: int) -> Membership:
    membership = members.membership_in(g.ward, person_id)
    if membership is None:
        abort(404)
    return membership


def _forms(membership: Membership, **given) -> dict:
    referent = given.pop("referent_form", None) or ReferentForm(formdata=None)
    referent.activity_id.choices = [SelectChoice(0, "Choisissez…")] + [
        SelectChoice(a.id, a.name) for a in members.referable_activities(g.ward)
    ]
    return {
        "role_form": given.pop("role_form", None) or RoleForm(formdata=None, role=membership.role),
        "labels_form": given.pop("labels_form", None)
        or LabelsForm(formdata=None, labels=membership.label_codes),
        "referent_form": referent,
        "sanction_form": given.pop("sanction_form", None) or SanctionForm(formdata=None),
        "lift_form": given.pop("lift_form", None) or LiftForm(formdata=None),
        "remove_form": given.pop("remove_form", None) or RemoveForm(formdata=None),
    }


def _detail(membership: Membership, status: int = 200, **given):
    person = membership.person
    failed = next(iter(given.values()), None)
    (row,) = members.members(g.ward, person_id=person.id)
    return render_template(
        "admin/member.html",
        ward=g.ward,
        membership=membership,
        person=person,
        row=row,
        history=sanctions.sanctions_of(person, g.ward),
        now=utcnow(),
        failed=failed,
        locked=lock_of(person),
        **_forms(membership, **given),
    ), status


def _done(membership_person_id: int, message: str):
    flash(message, "success")
    return redirect(url_for("ward_admin.member", person_id=membership_person_id), code=303)


@bp.get("/membres/<int:person_id>")
def member(person_id: int):
    return _detail(_membership_or_404(person_id))


def _refused_if_cannot_act(membership: Membership):
    if not admin_policies.can_act_on_member(current_user, membership):
        abort(403)


@bp.post("/membres/<int:person_id>/role")
def member_role(person_id: int):
    membership = _membership_or_404(person_id)
    _refused_if_cannot_act(membership)
    form = RoleForm()
    if not form.validate_on_submit():
        return _detail(membership, 422, role_form=form)
    person, role = acting_person(), form.role.data
    outcome = write(lambda: members.set_role(membership, by=person, role=role), form=form, field="role")
    if not outcome.ok:
        return _detail(membership, outcome.status, role_form=form)
    return _done(person_id, "Le rôle est changé. La personne est prévenue.")


@bp.post("/membres/<int:person_id>/etiquettes")
def member_labels(person_id: int):
    membership = _membership_or_404(person_id)
    _refused_if_cannot_act(membership)
    form = LabelsForm()
    if not form.validate_on_submit():
        return _detail(membership, 422, labels_form=form)
    person, labels = acting_person(), list(form.labels.data or [])
    outcome = write(
        lambda: members.set_labels(membership, by=person, labels=labels), form=form, field="labels"
    )
    if not outcome.ok:
        return _detail(membership, outcome.status, labels_form=form)
    return _done(person_id, "Les étiquettes sont enregistrées.")


@bp.post("/membres/<int:person_id>/referent")
def member_referent(person_id: int):
    membership = _membership_or_404(person_id)
    form = ReferentForm()
    form.activity_id.choices = [SelectChoice(a.id, a.name) for a in members.referable_activities(g.ward)]
    if not form.validate_on_submit():
        return _detail(membership, 422, referent_form=form)
    activity = members.activity_in(g.ward, form.activity_id.data)
    if activity is None:
        form.activity_id.errors = ["Choisissez une activité du service."]
        return _detail(membership, 422, referent_form=form)
    by, target = acting_person(), membership.person
    withdraw = request.form.get("retirer") == "1"
    if withdraw:
        work = lambda: activities.remove_referent(activity, by=by, person_id=target.id)  # noqa: E731
    else:
        work = lambda: activities.appoint_referent(activity, by=by, person=target)  # noqa: E731
    outcome = write(work, form=form, field="activity_id")
    if not outcome.ok:
        return _detail(membership, outcome.status, referent_form=form)
    if withdraw:
        return _done(person_id, f"{target.display_name} n'est plus référent·e de « {activity.name} ».")
    return _done(person_id, f"{target.display_name} est référent·e de « {activity.name} ».")


@bp.post("/membres/<int:person_id>/sanction")
def member_sanction(person_id: int):
    membership = _membership_or_404(person_id)
    form = SanctionForm()
    if not form.validate_on_submit():
        return _detail(membership, 422, sanction_form=form)
    by, target, kind, reason = (
        acting_person(),
        membership.person,
        form.kind.data,
        form.reason.data,
    )
    day: date | None = form.until.data
    until = sanctions.end_of_day(day) if kind == "suspension" and day else None
    ward = g.ward
    outcome = write(
        lambda: sanctions.give_sanction(ward, target, by=by, kind=kind, reason=reason, until=until),
        form=form,
    )
    if not outcome.ok:
        return _detail(membership, outcome.status, sanction_form=form)
    done = {
        "warning": "L'avertissement est donné. La personne est prévenue.",
        "suspension": "La suspension est en place : ses inscriptions à venir sont libérées.",
        "exclusion": "La personne est exclue du service : ses inscriptions à venir sont libérées.",
    }
    return _done(person_id, done[kind])


@bp.post("/membres/<int:person_id>/sanctions/<int:sanction_id>/lever")
def lift_sanction(person_id: int, sanction_id: int):
    membership = _membership_or_404(person_id)
    sanction = sanctions.sanction_in(g.ward, sanction_id)
    if sanction is None or sanction.person_id != person_id:
        abort(404)
    form = LiftForm()
    if not form.validate_on_submit():
        return _detail(membership, 422, lift_form=form)
    by, reason = acting_person(), form.lift_reason.data
    outcome = write(lambda: sanctions.lift_sanction(sanction, by=by, reason=reason), form=form)
    if not outcome.ok:
        return _detail(membership, outcome.status, lift_form=form)
    return _done(person_id, "La sanction est levée. La personne est prévenue.")


@bp.post("/membres/<int:person_id>/retirer")
def remove_member(person_id: int):
    membership = _membership_or_404(person_id)
    _refused_if_cannot_act(membership)
    form = RemoveForm()
    if not form.validate_on_submit():
        return _detail(membership, 422, remove_form=form)
    by, reason, name = acting_person(), form.reason.data, membership.person.display_name
    outcome = write(lambda: members.remove_member(membership, by=by, reason=reason), form=form)
    if not outcome.ok:
        return _detail(membership, outcome.status, remove_form=form)
    flash(f"{name} ne fait plus partie du service ; ses inscriptions à venir sont libérées.", "success")
    return redirect(url_for("ward_admin.members_list"), code=303)


@bp.post("/membres/<int:person_id>/debloquer")
def unlock_member(person_id: int):
    membership = _membership_or_404(person_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    by, target, ward = acting_person(), membership.person, g.ward
    write(lambda: lift_lock(target, by=by, ward=ward))
    return _done(person_id, f"{target.display_name} peut se reconnecter tout de suite.")


@bp.route("/delegation", methods=["GET", "POST"])
def delegation():
    form = DelegationForm(max_minutes=30)
    if request.method == "POST":
        if not can_manage_delegation(current_user, g.ward):
            abort(403)
        if form.validate_on_submit():
            by, ward, minutes = acting_person(), g.ward, form.max_minutes.data
            outcome = write(lambda: delegations.grant(ward, by=by, max_minutes=minutes), form=form)
            if outcome.ok:
                flash("La délégation est en place ; les administrateur·rices sont prévenu·es.", "success")
                return redirect(url_for("ward_admin.delegation"), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "admin/delegation.html",
        ward=g.ward,
        form=form,
        current=delegation_of(g.ward),
        revoke_form=EmptyForm(formdata=None),
    ), status


@bp.post("/delegation/retirer")
def revoke_delegation():
    if not can_manage_delegation(current_user, g.ward):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    by, ward = acting_person(), g.ward
    outcome = write(lambda: delegations.revoke(ward, by=by))
    flash(
        "La délégation est reprise." if outcome.ok else outcome.message, "success" if outcome.ok else "error"
    )
    return redirect(url_for("ward_admin.delegation"), code=303)
