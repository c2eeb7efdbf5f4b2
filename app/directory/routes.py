"""Directory: who is in the group, their role, the activities they refer; write to the admins."""

from flask import flash, g, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.core.forms import Form
from app.directory import bp
from app.extensions import db
from app.models import Activity, ActivityReferent, ContactMessage, Membership, Person
from app.policies import ADMIN_ROLES
from app.records.services import notify


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ContactForm(Form):
    subject = StringField(
        "Objet",
        filters=[_strip],
        validators=[
            DataRequired("Donnez un objet à votre message."),
            Length(max=120, message="120 caractères au plus."),
        ],
    )
    body = TextAreaField(
        "Votre message",
        filters=[_strip],
        validators=[
            DataRequired("Écrivez votre message."),
            Length(max=2000, message="2\u00a0000 caractères au plus."),
        ],
    )


def _members():
    rows = db.session.execute(
        select(Person, Membership)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.ward_id == g.ward.id, Membership.status == "active")
        .order_by(Person.last_name, Person.first_name)
    ).all()
    refers = {}
    for person_id, name in db.session.execute(
        select(ActivityReferent.person_id, Activity.name)
        .join(Activity, Activity.id == ActivityReferent.activity_id)
        .where(Activity.ward_id == g.ward.id, Activity.status.in_(("active", "suspended")))
        .order_by(Activity.name)
    ):
        refers.setdefault(person_id, []).append(name)
    return rows, refers


@bp.route("/", methods=["GET", "POST"])
def index():
    form = ContactForm()
    if form.validate_on_submit():
        message = ContactMessage(
            ward_id=g.ward.id,
            sender_id=current_user.id,
            subject=form.subject.data,
            body=form.body.data,
        )
        db.session.add(message)
        for person_id in db.session.scalars(
            select(Membership.person_id).where(
                Membership.ward_id == g.ward.id,
                Membership.role.in_(ADMIN_ROLES),
                Membership.status == "active",
            )
        ):
            notify(
                person_id,
                "contact.message",
                f"Message de {current_user.display_name}\u00a0: {message.subject}",
                link=f"/s/{g.ward.slug}/admin/messages",
                ward=g.ward,
            )
        db.session.commit()
        flash("Votre message est transmis aux administrateurs du groupe.", "success")
        return redirect(url_for("directory.index"), code=303)
    rows, refers = _members()
    leads = sorted(
        (row for row in rows if row[1].role in ADMIN_ROLES), key=lambda row: row[1].role != "manager"
    )
    status = 422 if form.is_submitted() else 200
    return render_template(
        "directory/index.html", ward=g.ward, rows=rows, leads=leads, refers=refers, form=form
    ), status
