"""The moderation queue of the ward admin space: reported and recently posted notes,
hidden / kept / restored in one tap each (htmx), usable from a phone.

Publications waiting for a decision and reported discussion messages are listed first.
"""

from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from app.admin import bp
from app.agenda import services as agenda
from app.auth.forms import EmptyForm
from app.core.errors import ConflictError, DomainError
from app.core.web import wants_fragment
from app.extensions import db
from app.feed import services as feed
from app.models import PostIt
from app.postits import services
from app.postits.forms import HideForm, RestoreForm


def _postit_or_404(postit_id: int) -> PostIt:
    postit = db.session.get(PostIt, postit_id)
    if postit is None or postit.ward_id != g.ward.id:
        abort(404)
    return postit


@bp.get("/moderation")
def moderation():
    queue = services.moderation_queue(g.ward)
    return render_template(
        "admin/moderation.html",
        ward=g.ward,
        queue=queue,
        publications=feed.review_queue(g.ward, current_user),
        comments=feed.reported_comments(g.ward),
        events=agenda.reported_events(g.ward),
        hide_form=HideForm(formdata=None),
        keep_form=EmptyForm(),
        restore_form=RestoreForm(formdata=None),
    )


def _row(postit: PostIt, message: str, *, hide_form=None, status: int = 200, done: str | None = None):
    if wants_fragment():
        return render_template(
            "admin/_moderation_item.html",
            postit=postit,
            message=message,
            done=done,
            hide_form=hide_form or HideForm(formdata=None),
            keep_form=EmptyForm(),
            restore_form=RestoreForm(formdata=None),
        ), status
    flash(message, "error" if status >= 400 else "success")
    return redirect(url_for("ward_admin.moderation"), code=303)


def _refused(postit: PostIt, error: DomainError, hide_form=None):
    db.session.rollback()
    db.session.refresh(postit)
    status = 409 if isinstance(error, ConflictError) else 422
    return _row(postit, error.message, hide_form=hide_form, status=status)


@bp.post("/moderation/post-it/<int:postit_id>/masquer")
def moderation_hide(postit_id: int):
    postit = _postit_or_404(postit_id)
    form = HideForm()
    if not form.validate_on_submit():
        return _row(
            postit, "Choisissez la raison\u00a0: l'auteur·rice la recevra.", hide_form=form, status=422
        )
    try:
        services.hide_postit(postit, by=current_user, reason=form.reason_text())
        db.session.commit()
    except DomainError as error:
        if error.field == "reason":
            form.detail.errors = [*form.detail.errors, "Précisez la raison\u00a0: l'auteur·rice la recevra."]
        return _refused(postit, error, hide_form=form)
    return _row(postit, "Post-it masqué. L'auteur·rice est prévenu·e.", done="hidden")


@bp.post("/moderation/post-it/<int:postit_id>/garder")
def moderation_keep(postit_id: int):
    postit = _postit_or_404(postit_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.keep_postit(postit, by=current_user)
        db.session.commit()
    except DomainError as error:
        return _refused(postit, error)
    return _row(postit, "Post-it gardé sur le mur.", done="kept")


@bp.post("/moderation/post-it/<int:postit_id>/retablir")
def moderation_restore(postit_id: int):
    postit = _postit_or_404(postit_id)
    form = RestoreForm()
    if not form.validate_on_submit():
        return _row(postit, "300\u00a0caractères au plus pour la raison.", status=422)
    try:
        services.restore_postit(postit, by=current_user, reason=form.reason.data or "")
        db.session.commit()
    except DomainError as error:
        return _refused(postit, error)
    return _row(postit, "Post-it rétabli sur le mur. L'auteur·rice est prévenu·e.", done="restored")


@bp.post("/moderation/post-it/garder-les-autres")
def moderation_keep_all():
    if not EmptyForm().validate_on_submit():
        abort(400)
    kept = services.keep_unreported(g.ward, by=current_user)
    db.session.commit()
    if kept:
        flash(f"{kept}\u00a0post-it gardé{'s' if kept > 1 else ''} sur le mur.", "success")
    else:
        flash("Aucun post-it à garder d'un coup\u00a0: les signalés s'examinent un par un.", "info")
    return redirect(url_for("ward_admin.moderation"), code=303)
