"""My notifications: the page (grouped by day, paged with htmx), opening one, all read, the bell."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.auth.forms import EmptyForm
from app.core.security import safe_next
from app.core.web import wants_fragment
from app.core.writes import write
from app.extensions import csrf
from app.notifications import bp, mail, services


def _bell_context(oob: bool = False) -> dict:
    return {"unread": services.unread_count(current_user.id), "oob": oob}


@bp.get("")
@login_required
def index():
    before = request.args.get("avant", type=int)
    days, more = services.history(current_user, before=before)
    context = {"days": days, "more": more, "form": EmptyForm()}
    if before and wants_fragment():
        return render_template("notifications/_page.html", **context)
    return render_template("notifications/index.html", **context)


@bp.get("/<int:notification_id>")
@login_required
def open_one(notification_id: int):
    """Mark it read, then go where it points (a path of this site only)."""
    person = current_user._get_current_object()
    note = services.mine(person, notification_id)
    if note is None:
        abort(404)
    target = safe_next(note.link, fallback=url_for("notifications.index"))
    write(lambda: services.mark_read(note, by=person))
    return redirect(target, code=303)


@bp.post("/tout-lu")
@login_required
def mark_all():
    person = current_user._get_current_object()
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    outcome = write(lambda: services.mark_all_read(by=person))
    if wants_fragment():
        days, more = services.history(person)
        return render_template(
            "notifications/_list.html", days=days, more=more, form=form, **_bell_context(oob=True)
        )
    if outcome.value:
        flash("Toutes vos notifications sont marquées comme lues.", "success")
    return redirect(url_for("notifications.index"), code=303)


@bp.get("/cloche")
@login_required
def bell():
    """The bell alone, for the once-a-minute poll of every page (one indexed query)."""
    response = render_template("notifications/_bell.html", **_bell_context())
    return response, 200, {"Cache-Control": "no-store"}


@bp.get("/desabonnement/<token>")
def unsubscribe_page(token: str):
    """From a mail's link: what the button will do (a GET changes nothing: mail scanners
    open links)."""
    found = mail.read_unsubscribe_token(token)
    if found is None:
        return render_template("notifications/unsubscribe.html", invalid=True), 400
    label = services.CATEGORIES.get(found[1], ("Autres notifications",))[0]
    return render_template("notifications/unsubscribe.html", invalid=False, label=label, token=token)


@bp.post("/desabonnement/<token>")
@csrf.exempt  # one-click (RFC 8058): the mail program posts without a session; the token decides
def unsubscribe(token: str):
    found = mail.read_unsubscribe_token(token)
    if found is None:
        return render_template("notifications/unsubscribe.html", invalid=True), 400
    outcome = write(lambda: services.unsubscribe(*found))
    return render_template("notifications/unsubscribe.html", invalid=False, done=True, label=outcome.value)
