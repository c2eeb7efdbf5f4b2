"""Directory: who is in the group, their role, the activities they refer; write to the admins."""

from flask import flash, g, redirect, render_template, url_for

from app.core.web import acting_person
from app.core.writes import write
from app.directory import bp, services
from app.directory.forms import ContactForm


@bp.route("/", methods=["GET", "POST"])
def index():
    ward = g.ward
    form = ContactForm()
    if form.validate_on_submit():
        person = acting_person()
        subject, body = form.subject.data, form.body.data
        outcome = write(
            lambda: services.send_contact_message(ward, by=person, subject=subject, body=body), form=form
        )
        if outcome.ok:
            flash("Votre message est transmis aux administrateurs du groupe.", "success")
            return redirect(url_for("directory.index"), code=303)
    found = services.directory(ward)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "directory/index.html",
        ward=ward,
        rows=found.rows,
        leads=found.leads,
        refers=found.refers,
        form=form,
    ), status
