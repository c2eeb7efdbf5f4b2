"""Documents views."""

from flask import abort, flash, g, redirect, render_template, send_file, url_for
from flask_login import current_user
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from app.auth.forms import EmptyForm
from app.core.errors import DomainError
from app.core.forms import Form
from app.documents import bp, services
from app.extensions import db
from app.models import Document
from app.policies import can_administer_ward


class UploadForm(Form):
    title = StringField("Titre (facultatif)", validators=[Optional(), Length(max=160)])
    category = SelectField(
        "Catégorie",
        choices=[SelectChoice(k, v) for k, v in services.CATEGORIES.items()],
        validators=[InputRequired()],
    )
    file = FileField("Fichier (PDF, image ou bureautique, 5\u00a0Mo au plus)")


def _document_or_404(document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None or document.ward_id != g.ward.id or document.archived:
        abort(404)
    return document


@bp.route("/", methods=["GET", "POST"])
def index():
    admin = can_administer_ward(current_user, g.ward)
    form = UploadForm()
    if form.is_submitted() and not admin:
        abort(403)
    if admin and form.validate_on_submit():
        upload = form.file.data
        data = upload.read(services.MAX_BYTES + 1) if upload and getattr(upload, "filename", "") else b""
        try:
            services.upload(
                g.ward,
                by=current_user,
                title=form.title.data or "",
                category=form.category.data,
                filename=getattr(upload, "filename", ""),
                data=data,
            )
            db.session.commit()
            flash("Document ajouté\u00a0: les membres peuvent le consulter.", "success")
            return redirect(url_for("documents.index"), code=303)
        except DomainError as error:
            db.session.rollback()
            form.file.errors = [*form.file.errors, error.message]
    documents = db.session.scalars(
        select(Document)
        .where(Document.ward_id == g.ward.id, Document.archived.is_(False))
        .order_by(Document.category, Document.created_at.desc())
    ).all()
    grouped = {}
    for document in documents:
        grouped.setdefault(document.category, []).append(document)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "documents/index.html",
        ward=g.ward,
        grouped=grouped,
        categories=services.CATEGORIES,
        form=form if admin else None,
    ), status


@bp.get("/<int:document_id>/<path:name>")
def download(document_id: int, name: str):
    document = _document_or_404(document_id)
    path = services.path_of(document)
    if not path.is_file():
        abort(404)
    return send_file(
        path, mimetype=document.mime_type, as_attachment=True, download_name=document.original_name, max_age=0
    )


@bp.post("/<int:document_id>/archiver")
def archive(document_id: int):
    document = _document_or_404(document_id)
    if not can_administer_ward(current_user, g.ward):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.archive(document, by=current_user, ward=g.ward)
    db.session.commit()
    flash("Document retiré de la liste (conservé dans l'historique).", "success")
    return redirect(url_for("documents.index"), code=303)
