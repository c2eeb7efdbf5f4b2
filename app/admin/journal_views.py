"""The audit log, read-only: the ward's (its admins and manager) and the platform's (every
ward, for the platform admin). GET only: no screen changes or deletes an entry."""

from flask import abort, g, render_template, request
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app import policies
from app.admin import bp, journal
from app.admin.forms import JournalFilterForm
from app.models import Ward
from app.platform import bp as platform_bp


def _filters(form: JournalFilterForm, ward_id: int | None) -> journal.Filters:
    if not form.validate():
        return journal.Filters(ward_id=ward_id)  # a wrong filter shows everything, with its message
    return journal.Filters(
        ward_id=ward_id,
        actor_id=form.personne.data,
        kind=form.genre.data or "",
        start=form.du.data,
        end=form.au.data,
    )


def _render(form: JournalFilterForm, ward: Ward | None, ward_id: int | None, **context):
    form.personne.choices = [SelectChoice(None, "Tout le monde")] + [
        SelectChoice(p.id, p.display_name) for p in journal.actors_of(ward_id)
    ]
    filters = _filters(form, ward_id)  # validates the form
    page = form.page.data if not form.page.errors and form.page.data else 1
    lines, has_next = journal.page_of(filters, page)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "admin/journal.html",
        ward=ward,
        form=form,
        lines=lines,
        page=page,
        has_next=has_next,
        args=args,
        **context,
    )


@bp.get("/journal")
def journal_page():
    if not policies.can_see_audit_log(current_user, g.ward):
        abort(403)
    form = JournalFilterForm(request.args)
    del form.service
    return _render(form, g.ward, g.ward.id, endpoint="ward_admin.journal_page")


@platform_bp.get("/journal")
def platform_journal():
    form = JournalFilterForm(request.args)
    wards = journal.all_wards()
    form.service.choices = [SelectChoice(None, "Tous les services")]
    form.service.choices += [SelectChoice(w.id, w.name) for w in wards]
    ward_id = form.service.data if any(w.id == form.service.data for w in wards) else None
    return _render(form, None, ward_id, endpoint="platform.platform_journal", show_ward=True)
