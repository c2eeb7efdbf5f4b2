"""The platform questionnaire, in the ward space (`/s/<ward>/avis-plateforme`): members."""

from flask import flash, g, redirect, render_template, url_for
from flask_login import current_user

from app.core.web import acting_person
from app.core.writes import write
from app.indicators import services
from app.indicators.forms import SurveyForm
from app.indicators.periods import today_paris
from app.wards import ward_blueprint

bp = ward_blueprint("survey", __name__, url_prefix="/avis-plateforme")


@bp.route("/", methods=["GET", "POST"])
def answer():
    day = today_paris()
    if services.has_answered(current_user, day):
        return render_template("indicators/survey.html", ward=g.ward, form=None, answered=True)
    form = SurveyForm()
    if form.validate_on_submit():
        ward, person = g.ward, acting_person()
        data = form.data
        outcome = write(
            lambda: services.answer_survey(
                ward,
                by=person,
                day=day,
                useful=int(data["useful"]),
                easy=int(data["easy"]),
                missing=data["missing"] or "",
                remark=data["remark"] or "",
            ),
            form=form,
        )
        if outcome.ok:
            flash("Merci pour votre avis\u00a0! Il reste anonyme.", "success")
            return redirect(url_for("wards.home"), code=303)
        if outcome.status == 409:
            return render_template("indicators/survey.html", ward=g.ward, form=None, answered=True), 409
    status = 422 if form.errors else 200
    return render_template("indicators/survey.html", ward=g.ward, form=form, answered=False), status
