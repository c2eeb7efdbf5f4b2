"""The ward home and asking to join a ward."""

from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from app import policies
from app.auth.forms import JoinWardForm
from app.auth.services import ask_to_join
from app.extensions import db
from app.models import Membership
from app.wards import bp, open_to_non_members


@bp.get("/")
def home():
    ward = g.ward
    membership = policies.membership_of(current_user, ward)
    member_count = db.session.scalar(
        select(func.count(Membership.id)).where(Membership.ward_id == ward.id, Membership.status == "active")
    )
    return render_template("wards/home.html", ward=ward, membership=membership, member_count=member_count)


@bp.route("/rejoindre", methods=["GET", "POST"])
@open_to_non_members
def join():
    ward = g.ward
    if policies.can_view_ward(current_user, ward):
        return redirect(url_for("wards.home"))
    if not policies.can_request_to_join(current_user, ward):
        abort(403)
    form = JoinWardForm()
    if form.validate_on_submit():
        ask_to_join(ward, by=current_user, message=form.message.data or "")
        db.session.commit()
        flash(
            f"Votre demande a été envoyée aux administrateurs de « {ward.name} ». "
            "Vous serez prévenu·e de leur réponse.",
            "success",
        )
        return redirect(url_for("public.home"), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("wards/join.html", ward=ward, form=form), status
