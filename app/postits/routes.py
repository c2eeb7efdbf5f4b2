"""The post-it board: thin views (load → policy → form → one write → render)."""

from flask import abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.forms import EmptyForm
from app.auth.reauth import requires_fresh_auth
from app.core.web import acting_person, render_page_or_fragment, wants_fragment
from app.core.writes import write
from app.extensions import db
from app.models import PostIt
from app.models.postits import POSTIT_KINDS, POSTIT_STATUSES
from app.postits import bp, policies, services
from app.postits.forms import EditPostItForm, PostItForm, StatusForm
from app.postits.text import linkify

bp.add_app_template_filter(linkify, "linkify")


@bp.context_processor
def labels():
    return {"kinds": POSTIT_KINDS, "statuses": POSTIT_STATUSES}


def _postit_or_404(postit_id: int) -> PostIt:
    """A note of this ward that the person may see; anything else is 404 (never a hint)."""
    postit = db.session.get(PostIt, postit_id)
    if postit is None or postit.ward_id != g.ward.id or not policies.can_see_postit(current_user, postit):
        abort(404)
    return postit


def _flash_oob(message: str, category: str = "success") -> str:
    return render_template("postits/_flash_oob.html", message=message, category=category)


def _board_page(form, status: int = 200):
    filters = services.BoardFilters.from_args(request.args)
    data = services.board(g.ward, current_user, filters)
    return render_template("postits/board.html", ward=g.ward, filters=filters, board=data, form=form), status


@bp.get("/")
def board():
    filters = services.BoardFilters.from_args(request.args)
    data = services.board(g.ward, current_user, filters)
    return render_page_or_fragment(
        "postits/board.html",
        "postits/_board.html",
        ward=g.ward,
        filters=filters,
        board=data,
        form=PostItForm(formdata=None),
    )


@bp.post("/")
def create():
    form = PostItForm()
    if form.validate_on_submit():
        ward, person = g.ward, acting_person()
        outcome = write(
            lambda: services.post_postit(
                ward, by=person, kind=form.kind.data, text=form.text.data, anonymous=form.anonymous.data
            ),
            form=form,
            field="text",
        )
        if outcome.ok:
            message = "Votre post-it est affiché en haut du mur. Merci\u00a0!"
            if not wants_fragment():
                flash(message, "success")
                return redirect(url_for("postits.board"), code=303)
            body = render_template("postits/_form.html", form=PostItForm(formdata=None), ward=g.ward)
            response = make_response(body + _flash_oob(message))
            response.headers["HX-Trigger"] = "postit-changed"
            return response
    if wants_fragment():
        return render_template("postits/_form.html", form=form, ward=g.ward), 422
    return _board_page(form, 422)


def _note(postit: PostIt | None, *, panel=None, form=None, message=None, status=200):
    """The note's fragment for htmx, its own page otherwise (after a POST: back to the board)."""
    context = services.note_context(postit, current_user) if postit is not None else {}
    context.update(ward=g.ward, panel=panel, form=form, message=message)
    if wants_fragment():
        return render_template("postits/_postit.html", **context), status
    if request.method == "POST" and status < 400:
        if message:
            flash(message, "success")
        return redirect(url_for("postits.board"), code=303)
    return render_template("postits/note.html", **context), status


@bp.get("/<int:postit_id>")
def show(postit_id: int):
    return _note(_postit_or_404(postit_id))


@bp.route("/<int:postit_id>/modifier", methods=["GET", "POST"])
def edit(postit_id: int):
    postit = _postit_or_404(postit_id)
    if not policies.can_edit_own_postit(current_user, postit):
        abort(403, "Ce post-it ne peut plus être modifié.")
    form = EditPostItForm(obj=postit)
    if form.validate_on_submit():
        person = acting_person()
        outcome = write(
            lambda: services.edit_postit(postit, by=person, kind=form.kind.data, text=form.text.data),
            form=form,
            field="text",
        )
        if outcome.ok:
            return _note(postit, message="Modification enregistrée.")
    status = 422 if form.is_submitted() else 200
    return _note(postit, panel="edit", form=form, status=status)


@bp.post("/<int:postit_id>/supprimer")
def delete(postit_id: int):
    postit = _postit_or_404(postit_id)
    if not policies.is_postit_author(current_user, postit):
        abort(403, "Seul·e l'auteur·rice peut supprimer son post-it.")
    if not EmptyForm().validate_on_submit():
        abort(400)
    person = acting_person()
    outcome = write(lambda: services.delete_postit(postit, by=person))
    if not outcome.ok:
        return _note(postit, message=outcome.message, status=outcome.status)
    message = "Votre post-it est supprimé."
    if wants_fragment():
        return _flash_oob(message)  # the note's place becomes empty
    flash(message, "success")
    return redirect(url_for("postits.board"), code=303)


@bp.post("/<int:postit_id>/retirer")
def withdraw(postit_id: int):
    postit = _postit_or_404(postit_id)
    if not policies.is_postit_author(current_user, postit):
        abort(403, "Seul·e l'auteur·rice peut retirer son post-it.")
    if not EmptyForm().validate_on_submit():
        abort(400)
    person = acting_person()
    outcome = write(lambda: services.withdraw_postit(postit, by=person))
    if not outcome.ok:
        return _note(postit, message=outcome.message, status=outcome.status)
    return _note(postit, message="Post-it retiré du mur\u00a0: vos collègues ne le voient plus.")


@bp.post("/<int:postit_id>/soutien")
def support(postit_id: int):
    postit = _postit_or_404(postit_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    person = acting_person()
    wanted = request.form.get("on") == "1"
    outcome = write(lambda: services.set_support(postit, by=person, on=wanted))
    if not outcome.ok:
        return _note(postit, message=outcome.message, status=outcome.status)
    on = outcome.value
    if wants_fragment():
        # No message: focus stays on the +1 button, whose pressed state and count say it all.
        return _note(postit)
    return _note(postit, message="Merci pour votre soutien\u00a0!" if on else "Soutien retiré.")


@bp.route("/<int:postit_id>/statut", methods=["GET", "POST"])
@requires_fresh_auth
def status(postit_id: int):
    postit = _postit_or_404(postit_id)
    if not policies.can_set_postit_status(current_user, postit):
        abort(403, "Seuls les administrateurs et la cadre de soins changent le statut.")
    form = StatusForm(obj=postit)
    if form.validate_on_submit():
        person = acting_person()
        outcome = write(
            lambda: services.set_status(postit, by=person, status=form.status.data, answer=form.answer.data),
            form=form,
            field="status",
        )
        if outcome.ok:
            return _note(
                postit,
                message=f"Statut enregistré\u00a0: «\u00a0{postit.status_label}\u00a0». "
                "L'auteur·rice est prévenu·e.",
            )
    status_code = 422 if form.is_submitted() else 200
    return _note(postit, panel="status", form=form, status=status_code)
