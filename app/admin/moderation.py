"""The ward's one moderation queue: every kind of reported item (post-its, discussion
messages, agenda events) and the publications waiting for a decision; hide / keep /
restore in one tap each (htmx), usable from a phone. The rules are app.moderation's."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from app.admin import bp
from app.auth.forms import EmptyForm
from app.core.security import safe_next
from app.core.web import acting_person, wants_fragment
from app.core.writes import write
from app.feed import services as feed
from app.moderation import services
from app.moderation.forms import HideForm, RestoreForm
from app.moderation.kinds import BY_SLUG, KINDS

DONE = {
    "hide": "{This} est masqué. Son auteur·rice est prévenu·e.",
    "keep": "{This} est gardé.",
    "restore": "{This} est rétabli. Son auteur·rice est prévenu·e.",
}


def _item_or_404(kind_slug: str, item_id: int):
    kind = BY_SLUG.get(kind_slug)
    item = services.load(kind, item_id, g.ward) if kind else None
    if item is None:
        abort(404)
    return kind, item


@bp.get("/moderation")
def moderation():
    return render_template(
        "admin/moderation.html",
        ward=g.ward,
        queue=services.queue(g.ward),
        kinds=KINDS,
        publications=feed.review_queue(g.ward, current_user),
        hide_form=HideForm(formdata=None),
        restore_form=RestoreForm(formdata=None),
    )


def _row(kind, item, message: str, *, hide_form=None, restore_form=None, status=200, done=None):
    if wants_fragment():
        (entry,) = services.entries([(kind, item)])
        return render_template(
            "admin/_moderation_item.html",
            entry=entry,
            message=message,
            done=done,
            hide_form=hide_form or HideForm(formdata=None),
            restore_form=restore_form or RestoreForm(formdata=None),
        ), status
    flash(message, "error" if status >= 400 else "success")
    return redirect(_back(), code=303)


def _back() -> str:
    """Back to the item's page when the form came from it (a path of this ward only)."""
    back = safe_next(request.form.get("retour", ""), fallback="")
    if back.startswith(url_for("wards.home")):
        return back
    return url_for("ward_admin.moderation")


def _act(kind_slug: str, item_id: int, action: str):
    kind, item = _item_or_404(kind_slug, item_id)
    person = acting_person()
    hide_form, restore_form = HideForm(), RestoreForm()
    if action == "hide":
        if not hide_form.validate_on_submit():
            return _row(
                kind,
                item,
                "Choisissez la raison\u00a0: l'auteur·rice la recevra.",
                hide_form=hide_form,
                status=422,
            )
        outcome = write(lambda: services.hide(item, by=person, reason=hide_form.reason_text()))
        if outcome.error and outcome.error.field == "reason":
            hide_form.detail.errors = [
                *hide_form.detail.errors,
                "Précisez la raison\u00a0: l'auteur·rice la recevra.",
            ]
    elif action == "restore":
        if not restore_form.validate_on_submit():
            return _row(
                kind,
                item,
                restore_form.reason.errors[0]
                if restore_form.reason.errors
                else "Formulaire expiré\u00a0: rechargez la page.",
                status=422,
            )
        outcome = write(lambda: services.restore(item, by=person, reason=restore_form.reason.data or ""))
    else:
        if not EmptyForm().validate_on_submit():
            abort(400)
        outcome = write(lambda: services.keep(item, by=person))
    if not outcome.ok:
        return _row(kind, item, outcome.message, hide_form=hide_form, status=outcome.status)
    this = kind.this[:1].upper() + kind.this[1:]
    return _row(kind, item, DONE[action].format(This=this), done=action)


@bp.post("/moderation/<kind_slug>/<int:item_id>/masquer")
def moderation_hide(kind_slug: str, item_id: int):
    return _act(kind_slug, item_id, "hide")


@bp.post("/moderation/<kind_slug>/<int:item_id>/garder")
def moderation_keep(kind_slug: str, item_id: int):
    return _act(kind_slug, item_id, "keep")


@bp.post("/moderation/<kind_slug>/<int:item_id>/retablir")
def moderation_restore(kind_slug: str, item_id: int):
    return _act(kind_slug, item_id, "restore")


@bp.post("/moderation/garder-les-autres")
def moderation_keep_all():
    if not EmptyForm().validate_on_submit():
        abort(400)
    person = acting_person()
    outcome = write(lambda: services.keep_unreported(g.ward, by=person))
    if not outcome.ok:
        flash(outcome.message, "error")
    elif outcome.value:
        kept = outcome.value
        flash(f"{kept}\u00a0élément{'s' if kept > 1 else ''} gardé{'s' if kept > 1 else ''}.", "success")
    else:
        flash("Rien à garder d'un coup\u00a0: les éléments signalés s'examinent un par un.", "info")
    return redirect(url_for("ward_admin.moderation"), code=303)
