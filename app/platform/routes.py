"""Platform admin views."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from app.core.errors import DomainError
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
            field = getattr(form, error.field or "", None)
            if field is not None:
                field.errors = [*field.errors, error.message]
            else:
                form.form_errors.append(error.message)
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
