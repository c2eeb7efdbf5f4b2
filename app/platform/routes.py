"""Platform admin views: load, check, one write, answer."""

from flask import abort, flash, redirect, render_template, url_for
from wtforms.fields.choices import SelectChoice

from app.activities.services import vigilance_checklist
from app.auth.reauth import requires_fresh_auth
from app.core.web import acting_person
from app.core.writes import write
from app.platform import bp, services
from app.platform.forms import AppointForm, VigilanceEditForm, VigilanceItemForm, WardCreateForm


@bp.route("/", methods=["GET", "POST"])
@requires_fresh_auth
def index():
    form = WardCreateForm()
    if form.validate_on_submit():
        person = acting_person()
        fields = {
            "name": form.name.data,
            "slug": form.slug.data,
            "description": form.description.data or "",
            "manager": form.manager_matricule.data or "",
            "admins": [m for m in (form.admin_matricules.data or "").split(",") if m.strip()],
        }
        outcome = write(lambda: services.create_ward(**fields, by=person), form=form)
        if outcome.ok:
            ward = outcome.value
            address = url_for("wards.home", ward_slug=ward.slug)
            flash(f"L'espace « {ward.name} » est créé : {address}", "success")
            return redirect(url_for("platform.index"), code=303)
    return _index(form, 422 if form.is_submitted() else 200)


def _index(form, status: int, appoint_form=None, appoint_ward_id=None):
    wards, counts = services.wards_overview()
    appoint_forms = {w.id: AppointForm(formdata=None, prefix=f"w{w.id}") for w in wards}
    if appoint_form is not None:
        appoint_forms[appoint_ward_id] = appoint_form
    return render_template(
        "platform/index.html",
        form=form,
        wards=wards,
        counts=counts,
        managers=services.managers_by_ward(),
        appoint_forms=appoint_forms,
        appoint_ward_id=appoint_ward_id,
    ), status


@bp.post("/services/<int:ward_id>/nommer")
@requires_fresh_auth
def appoint(ward_id: int):
    ward = services.ward_by_id(ward_id)
    if ward is None:
        abort(404)
    form = AppointForm(prefix=f"w{ward.id}")
    if form.validate_on_submit():
        person, fields = (
            acting_person(),
            {
                "matricule": form.matricule.data,
                "role": form.role.data,
                "replace": bool(form.replace.data),
            },
        )
        outcome = write(lambda: services.appoint(ward, by=person, **fields), form=form, field="matricule")
        if outcome.ok:
            flash(f"Nomination faite dans « {ward.name} » ; la personne est prévenue.", "success")
            return redirect(url_for("platform.index"), code=303)
    return _index(WardCreateForm(formdata=None), 422, appoint_form=form, appoint_ward_id=ward.id)


@bp.route("/vigilance", methods=["GET", "POST"])
@requires_fresh_auth
def vigilance():
    """The checklist of vigilance points every activity proposal answers."""
    categories = vigilance_checklist()
    form = VigilanceItemForm()
    form.category_id.choices = [SelectChoice(c.id, c.label) for c in categories]
    if form.validate_on_submit():
        person, category_id, text = acting_person(), form.category_id.data, form.text.data
        outcome = write(
            lambda: services.add_vigilance_item(category_id=category_id, text=text, by=person),
            form=form,
            field="category_id",
        )
        if outcome.ok:
            flash("Point de vigilance ajouté.", "success")
            return redirect(url_for("platform.vigilance"), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "platform/vigilance.html",
        form=form,
        categories=categories,
        edit_form=VigilanceEditForm(formdata=None),
    ), status


@bp.post("/vigilance/<int:item_id>")
@requires_fresh_auth
def edit_vigilance(item_id: int):
    item = services.vigilance_item(item_id)
    if item is None:
        abort(404)
    form = VigilanceEditForm()
    anchor = f"point-{item.id}"
    if form.validate_on_submit():
        person, text, active = acting_person(), form.text.data, form.active.data
        write(lambda: services.edit_vigilance_item(item, text=text, active=active, by=person))
        flash("Point de vigilance enregistré.", "success")
    else:
        flash(next(iter(form.errors.values()))[0], "error")
    return redirect(url_for("platform.vigilance", _anchor=anchor), code=303)
