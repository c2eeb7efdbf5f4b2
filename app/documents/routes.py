"""Documents views: load, check, one write, answer."""

from flask import abort, flash, g, redirect, render_template, send_file, url_for
from flask_login import current_user

from app.auth.forms import EmptyForm
from app.auth.reauth import requires_fresh_auth
from app.core.web import acting_person
from app.core.writes import write
from app.documents import bp, services
from app.documents.forms import UploadForm
from app.documents.policies import can_manage_documents
from app.models import Document


def _document_or_404(document_id: int) -> Document:
    document = services.document_in(g.ward, document_id)
    if document is None:
        abort(404)
    return document


@bp.route("/", methods=["GET", "POST"])
def index():
    ward = g.ward
    admin = can_manage_documents(current_user, ward)
    form = UploadForm()
    if form.is_submitted() and not admin:
        abort(403)
    if admin and form.validate_on_submit():
        upload = form.file.data
        filename = getattr(upload, "filename", "") or ""
        data = upload.read(services.MAX_BYTES + 1) if upload and filename else b""
        person, title, category = (
            acting_person(),
            form.title.data or "",
            form.category.data,
        )
        outcome = write(
            lambda: services.upload(
                ward, by=person, title=title, category=category, filename=filename, data=data
            ),
            form=form,
            field="file",
        )
        if outcome.ok:
            flash("Document ajouté\u00a0: les membres peuvent le consulter.", "success")
            return redirect(url_for("documents.index"), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "documents/index.html",
        ward=ward,
        grouped=services.listed(ward),
        categories=services.CATEGORIES,
        form=form if admin else None,
    ), status


@bp.get("/<int:document_id>/<path:name>")
def download(document_id: int, **_name):
    """The file's name in the URL is only for the browser; the stored one is sent."""
    document = _document_or_404(document_id)
    path = services.path_of(document)
    if not path.is_file():
        abort(404)
    return send_file(
        path, mimetype=document.mime_type, as_attachment=True, download_name=document.original_name, max_age=0
    )


@bp.post("/<int:document_id>/archiver")
@requires_fresh_auth
def archive(document_id: int):
    document = _document_or_404(document_id)
    if not can_manage_documents(current_user, g.ward):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    ward, person = g.ward, acting_person()
    write(lambda: services.archive(document, by=person, ward=ward))
    flash("Document retiré de la liste (conservé dans l'historique).", "success")
    return redirect(url_for("documents.index"), code=303)
