"""Public pages."""

from flask import render_template
from flask_login import current_user
from sqlalchemy import select, text

from app.extensions import db
from app.models import JoinRequest, Membership, Ward
from app.public import bp


@bp.get("/")
def home():
    my_wards, pending, other_wards = [], [], []
    if current_user.is_authenticated:
        rows = db.session.execute(
            select(Ward, Membership)
            .join(Membership, Membership.ward_id == Ward.id)
            .where(Membership.person_id == current_user.id, Membership.status == "active")
            .order_by(Ward.name)
        ).all()
        my_wards = [(ward, membership) for ward, membership in rows]
        pending = db.session.scalars(
            select(Ward)
            .join(JoinRequest, JoinRequest.ward_id == Ward.id)
            .where(JoinRequest.person_id == current_user.id, JoinRequest.status == "pending")
        ).all()
        mine = {w.id for w, _ in my_wards} | {w.id for w in pending}
        other_wards = [
            w
            for w in db.session.scalars(select(Ward).where(Ward.accepts_requests).order_by(Ward.name))
            if w.id not in mine
        ]
    return render_template("public/home.html", my_wards=my_wards, pending=pending, other_wards=other_wards)


@bp.get("/sante")
def health():
    """For the load balancer: the app answers and reaches its database."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
