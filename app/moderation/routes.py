"""A member's report, for every kind: `/s/<ward>/signaler/<kind>/<id>`.

htmx answers the report fragment (`moderation/_report.html`, the one included under each
item); without JavaScript, a page with the form, then back to the item's page."""

from flask import abort, flash, g, redirect, render_template
from flask_login import current_user

from app.core.web import acting_person, wants_fragment
from app.core.writes import write
from app.moderation import bp, policies, services
from app.moderation.forms import ReportForm
from app.moderation.kinds import BY_SLUG


def _answer(kind, item, form, *, message=None, status=200):
    context = {
        "ward": g.ward,
        "kind": kind,
        "item": item,
        "form": form,
        "message": message,
        "reported": bool(services.reported_by(kind.name, [item.id], current_user)),
    }
    if wants_fragment():
        return render_template("moderation/_report.html", **context), status
    return render_template("moderation/report.html", **context), status


@bp.route("/<kind_slug>/<int:item_id>", methods=["GET", "POST"])
def report(kind_slug: str, item_id: int):
    kind = BY_SLUG.get(kind_slug)
    item = services.load(kind, item_id, g.ward) if kind else None
    if item is None:
        abort(404)
    form = ReportForm()
    if not form.is_submitted():
        if not policies.can_report(current_user, item):
            abort(403)
        return _answer(kind, item, form)
    if not form.validate_on_submit():
        return _answer(kind, item, form, status=422)
    person = acting_person()
    outcome = write(lambda: services.report(item, by=person, reason=form.reason.data), form=form)
    if not outcome.ok:
        message = None if outcome.error.field == "reason" else outcome.message
        return _answer(kind, item, form, message=message, status=outcome.status)
    thanks = f"Merci\u00a0: les modérateurs du service vont regarder {kind.this}."
    if wants_fragment():
        return _answer(kind, item, ReportForm(formdata=None), message=thanks)
    flash(thanks, "success")
    return redirect(kind.page(item), code=303)
