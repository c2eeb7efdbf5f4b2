"""Feed views: load, ask the policy, validate, one write, answer."""

from pathlib import Path

from flask import abort, flash, g, redirect, render_template, send_file, url_for
from flask_login import current_user

from app.auth.reauth import requires_fresh_auth
from app.core.web import acting_person, wants_fragment
from app.core.writes import write
from app.discussions import views as discussion
from app.extensions import db
from app.feed import bp, policies, services
from app.feed.forms import NoteForm, PublicationForm
from app.models import Publication


def _publication_or_404(publication_id: int) -> Publication:
    publication = db.session.get(Publication, publication_id)
    if publication is None or publication.ward_id != g.ward.id:
        abort(404)
    if not policies.can_read_publication(current_user, publication):
        abort(404)  # someone else's draft does not exist for you
    return publication


def _image_bytes(form) -> bytes | None:
    upload = form.image.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    return upload.read(services.MAX_IMAGE_BYTES + 1)


def _detail_context(publication: Publication, **extra) -> dict:
    return {
        "ward": g.ward,
        "publication": publication,
        "steps": services.steps_of(publication)
        if policies.can_see_publication_history(current_user, publication)
        else [],
        "revisions": services.revisions_of(publication)
        if policies.can_see_publication_history(current_user, publication)
        else [],
        "step_labels": services.STEP_LABELS,
        "thanked": bool(services.thanked_ids(current_user, [publication.id])),
        **discussion.thread_context(publication, form=extra.pop("comment_form", None)),
        "note_form": extra.pop("note_form", None) or NoteForm(formdata=None),
        **extra,
    }


@bp.route("/nouvelle", methods=["GET", "POST"])
def new():
    if not policies.can_submit_publication(current_user, g.ward):
        abort(403)
    form = PublicationForm()
    if form.validate_on_submit():
        ward, person, image = g.ward, acting_person(), _image_bytes(form)
        outcome = write(
            lambda: services.create_publication(
                ward,
                by=person,
                kind=form.kind.data,
                title=form.title.data,
                body=form.body.data,
                image=image,
            ),
            form=form,
        )
        if outcome.ok:
            publication = outcome.value
            if publication.status == "published":
                flash("Votre publication est en ligne.", "success")
            else:
                flash(
                    "Merci\u00a0! Votre publication attend la validation d'un·e administrateur·rice.",
                    "success",
                )
            return redirect(url_for("feed.detail", publication_id=publication.id), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("feed/form.html", ward=g.ward, form=form, publication=None), status


@bp.get("/mes-publications")
def mine():
    return render_template(
        "feed/mine.html", ward=g.ward, publications=services.my_publications(g.ward, current_user)
    )


@bp.get("/a-valider")
def queue():
    if not policies.can_administer_ward(current_user, g.ward):
        abort(403)
    return render_template(
        "feed/queue.html",
        ward=g.ward,
        publications=services.review_queue(g.ward, current_user),
        note_form=NoteForm(formdata=None),
    )


@bp.get("/<int:publication_id>")
def detail(publication_id: int):
    publication = _publication_or_404(publication_id)
    return render_template("feed/detail.html", **_detail_context(publication))


@bp.route("/<int:publication_id>/modifier", methods=["GET", "POST"])
def edit(publication_id: int):
    publication = _publication_or_404(publication_id)
    if not policies.can_edit_publication(current_user, publication):
        abort(403)
    form = PublicationForm(obj=publication)
    if form.validate_on_submit():
        person = acting_person()
        outcome = write(
            lambda: services.edit(
                publication, by=person, kind=form.kind.data, title=form.title.data, body=form.body.data
            ),
            form=form,
        )
        if outcome.ok:
            flash("Modifications enregistrées.", "success")
            return redirect(url_for("feed.detail", publication_id=publication.id), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("feed/form.html", ward=g.ward, form=form, publication=publication), status


def _decide(publication_id: int, action, policy, success: str, *, note_as: str | None = None):
    """A reviewer's or curator's decision: 403 if not theirs, 409 if someone was faster."""
    publication = _publication_or_404(publication_id)
    if not policy(current_user, publication):
        if not policies.can_administer_ward(current_user, g.ward):
            abort(403)
        flash("Cette publication a déjà été traitée par quelqu'un d'autre.", "error")
        return render_template("feed/detail.html", **_detail_context(publication)), 409
    form = NoteForm()
    if not form.validate_on_submit():
        return render_template("feed/detail.html", **_detail_context(publication, note_form=form)), 422
    person = acting_person()
    extra = {note_as: form.note.data or ""} if note_as else {}
    outcome = write(lambda: action(publication, by=person, **extra), form=form, field="note")
    if not outcome.ok:
        context = _detail_context(publication, note_form=form)
        return render_template("feed/detail.html", **context), outcome.status
    flash(success, "success")
    return redirect(url_for("feed.detail", publication_id=publication.id), code=303)


@bp.post("/<int:publication_id>/publier")
@requires_fresh_auth
def publish(publication_id: int):
    return _decide(
        publication_id,
        services.publish,
        policies.can_review_publication,
        "La publication est en ligne ; l'auteur est prévenu.",
    )


@bp.post("/<int:publication_id>/renvoyer")
@requires_fresh_auth
def send_back(publication_id: int):
    return _decide(
        publication_id,
        services.send_back,
        policies.can_review_publication,
        "Renvoyée à l'auteur avec vos remarques.",
        note_as="comment",
    )


@bp.post("/<int:publication_id>/refuser")
@requires_fresh_auth
def refuse(publication_id: int):
    return _decide(
        publication_id,
        services.refuse,
        policies.can_review_publication,
        "Publication refusée ; l'auteur reçoit la raison.",
        note_as="reason",
    )


@bp.post("/<int:publication_id>/cadre")
@requires_fresh_auth
def escalate(publication_id: int):
    return _decide(
        publication_id,
        services.escalate,
        policies.can_escalate_publication,
        "La cadre de soins est sollicitée pour décider.",
        note_as="note",
    )


@bp.post("/<int:publication_id>/archiver")
@requires_fresh_auth
def archive(publication_id: int):
    return _decide(publication_id, services.archive, policies.can_curate_publication, "Publication archivée.")


@bp.post("/<int:publication_id>/epingler")
@requires_fresh_auth
def pin(publication_id: int):
    publication = _publication_or_404(publication_id)
    if not policies.can_curate_publication(current_user, publication):
        abort(403)
    if not NoteForm().validate_on_submit():
        abort(400)
    person, pinned = acting_person(), not publication.pinned
    outcome = write(lambda: services.set_pinned(publication, by=person, pinned=pinned))
    if not outcome.ok:
        flash(outcome.message, "error")
        return redirect(url_for("feed.detail", publication_id=publication.id), code=303)
    flash(
        "Publication épinglée en haut du tableau." if publication.pinned else "Publication désépinglée.",
        "success",
    )
    return redirect(url_for("feed.detail", publication_id=publication.id), code=303)


@bp.post("/<int:publication_id>/merci")
def thanks(publication_id: int):
    publication = _publication_or_404(publication_id)
    if not policies.can_thank_publication(current_user, publication):
        abort(403)
    if not NoteForm().validate_on_submit():
        abort(400)
    person = acting_person()
    outcome = write(lambda: services.toggle_thanks(publication, by=person))
    if not outcome.ok:
        if wants_fragment():
            thanked = bool(services.thanked_ids(current_user, [publication.id]))
            context = {"publication": publication, "thanked": thanked, "ward": g.ward}
            return render_template("feed/_thanks.html", **context), outcome.status
        flash(outcome.message, "error")
        return redirect(url_for("feed.detail", publication_id=publication.id), code=303)
    on = outcome.value
    if wants_fragment():
        return render_template("feed/_thanks.html", publication=publication, thanked=on, ward=g.ward)
    return redirect(url_for("feed.detail", publication_id=publication.id), code=303)


@bp.get("/<int:publication_id>/image")
def image(publication_id: int):
    publication = _publication_or_404(publication_id)
    path = services.image_path(publication)
    if path is None:
        abort(404)
    response = send_file(
        Path(path), mimetype=publication.image_type, download_name=f"image-{publication.id}{path.suffix}"
    )
    response.headers["Content-Disposition"] = f'inline; filename="image-{publication.id}{path.suffix}"'
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


# --- discussion ---------------------------------------------------------------------------


@bp.post("/<int:publication_id>/commentaires")
def comment(publication_id: int):
    publication = _publication_or_404(publication_id)
    if not policies.can_comment_publication(current_user, publication):
        abort(403)
    return discussion.post_comment(
        publication,
        detail_page=lambda form: render_template(
            "feed/detail.html", **_detail_context(publication, comment_form=form)
        ),
    )
