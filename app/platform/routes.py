"""Platform admin views."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from app.core.errors import DomainError, attach_error
from app.extensions import db
from app.models import Membership, Ward
from app.platform import bp
from app.platform.forms import WardCreateForm
from app.platform.services import create_ward


@bp.route("/", methods=["GET", "POST"])
def index():
    form = WardCreateForm()
    if form.validate_on_submit():
        try:
            ward = create_ward(
                name=form.name.data,
                slug=form.slug.data,
                description=form.description.data or "",
                manager=form.manager_matricule.data or "",
                admins=[m for m in (form.admin_matricules.data or "").split(",") if m.strip()],
                by=current_user,
            )
            db.session.commit()
            flash(f"L'espace « {ward.name} » est créé : /s/{ward.slug}/", "success")
            return redirect(url_for("platform.index"), code=303)
        except DomainError as error:
            db.session.rollback()
            attach_error(form, error)
    counts = dict(
        db.session.execute(
            select(Membership.ward_id, func.count(Membership.id))
            .where(Membership.status == "active")
            .group_by(Membership.ward_id)
        ).all()
    )
    wards = db.session.scalars(select(Ward).order_by(Ward.name)).all()
    status = 422 if form.is_submitted() else 200
    return render_template("platform/index.html", form=form, wards=wards, counts=counts), status


@bp.route("/vigilance", methods=["GET", "POST"])
def vigilance():
    """The checklist of vigilance points every activity proposal answers."""
    from app.activities.services import vigilance_checklist
    from app.platform.forms import VigilanceEditForm, VigilanceItemForm
    from app.platform.services import add_vigilance_item

    categories = vigilance_checklist()
    form = VigilanceItemForm()
    form.category_id.choices = [SelectChoice(c.id, c.label) for c in categories]
    if form.validate_on_submit():
        try:
            add_vigilance_item(category_id=form.category_id.data, text=form.text.data, by=current_user)
            db.session.commit()
            flash("Point de vigilance ajouté.", "success")
            return redirect(url_for("platform.vigilance"), code=303)
        except DomainError as error:
            db.session.rollback()
            form.category_id.errors = [error.message]
    status = 422 if form.is_submitted() else 200
    return render_template(
        "platform/vigilance.html",
        form=form,
        categories=categories,
        edit_form=VigilanceEditForm(formdata=None),
    ), status


@bp.post("/vigilance/<int:item_id>")
def edit_vigilance(item_id: int):
    from app.models import VigilanceItem
    from app.platform.forms import VigilanceEditForm
    from app.platform.services import edit_vigilance_item

    item = db.session.get(VigilanceItem, item_id)
    if item is None:
        abort(404)
    form = VigilanceEditForm()
    if form.validate_on_submit():
        edit_vigilance_item(item, text=form.text.data, active=form.active.data, by=current_user)
        db.session.commit()
        flash("Point de vigilance enregistré.", "success")
    else:
        flash(next(iter(form.errors.values()))[0], "error")
    return redirect(url_for("platform.vigilance", _anchor=f"point-{item.id}"), code=303)
