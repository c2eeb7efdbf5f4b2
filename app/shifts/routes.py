"""Keeping the ward's shifts: the list with the add form, change, delete (admins, manager)."""

from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from app.auth.forms import EmptyForm
from app.core.errors import DomainError, attach_error
from app.core.web import acting_person
from app.core.writes import write
from app.extensions import db
from app.models import Shift
from app.shifts import bp, services
from app.shifts.forms import ShiftForm, WorkstationForm
from app.shifts.policies import can_manage_shifts
from app.wards import workstation


def _keeper_only() -> None:
    if not can_manage_shifts(current_user, g.ward):
        abort(403)


def _shift_or_404(shift_id: int) -> Shift:
    shift = db.session.get(Shift, shift_id)
    if shift is None or shift.ward_id != g.ward.id:
        abort(404)
    return shift


def _save(form: ShiftForm, shift: Shift | None):
    """Read the breaks (a French message on the field when one is not an hour), then write."""
    try:
        breaks = services.parse_breaks(form.breaks.data or "")
    except DomainError as error:
        attach_error(form, error)
        return None
    person = acting_person()
    fields = {"name": form.name.data, "starts": form.starts.data, "ends": form.ends.data, "breaks": breaks}
    return write(lambda: services.save_shift(g.ward, by=person, shift=shift, **fields), form=form)


@bp.route("/", methods=["GET", "POST"])
def index():
    _keeper_only()
    form = ShiftForm()
    status = 200
    if form.validate_on_submit():
        outcome = _save(form, None)
        if outcome is not None and outcome.ok:
            flash(f"Équipe « {outcome.value.name} » ajoutée.", "success")
            return redirect(url_for("shifts.index"), code=303)
        status = outcome.status if outcome is not None else 422
    elif form.is_submitted():
        status = 422
    return _index_page(form, _workstation_form(), status)


def _workstation_form(formdata=None) -> WorkstationForm:
    ward = g.ward
    if formdata is not None:
        return WorkstationForm()
    return WorkstationForm(
        formdata=None, networks=ward.workstation_networks, idle_minutes=ward.workstation_idle_minutes
    )


def _index_page(form: ShiftForm, stations: WorkstationForm, status: int):
    return render_template(
        "shifts/index.html",
        ward=g.ward,
        shifts=services.ward_shifts(g.ward),
        form=form,
        stations=stations,
        hhmm=services.hhmm,
    ), status


@bp.post("/postes-partages")
def workstations():
    """The ward's shared computers (addresses, idle minutes): a bad range is said in French."""
    _keeper_only()
    stations = _workstation_form(formdata=True)
    status = 422
    if stations.validate_on_submit():
        try:
            networks = workstation.parse_networks(stations.networks.data or "")
        except DomainError as error:
            attach_error(stations, error)
        else:
            person = acting_person()
            minutes = stations.idle_minutes.data
            outcome = write(
                lambda: workstation.set_workstations(
                    g.ward, by=person, networks=networks, idle_minutes=minutes
                ),
                form=stations,
            )
            if outcome.ok:
                flash("Postes partagés enregistrés.", "success")
                return redirect(url_for("shifts.index"), code=303)
            status = outcome.status
    return _index_page(ShiftForm(formdata=None), stations, status)


@bp.route("/<int:shift_id>/modifier", methods=["GET", "POST"])
def edit(shift_id: int):
    _keeper_only()
    shift = _shift_or_404(shift_id)
    form = ShiftForm(obj=shift)
    if not form.is_submitted():
        form.breaks.data = ", ".join(moment.strftime("%H:%M") for moment in shift.break_times)
    status = 200
    if form.validate_on_submit():
        outcome = _save(form, shift)
        if outcome is not None and outcome.ok:
            flash("Équipe modifiée.", "success")
            return redirect(url_for("shifts.index"), code=303)
        status = outcome.status if outcome is not None else 422
    elif form.is_submitted():
        status = 422
    return render_template("shifts/edit.html", ward=g.ward, shift=shift, form=form), status


@bp.post("/<int:shift_id>/supprimer")
def delete(shift_id: int):
    _keeper_only()
    shift = _shift_or_404(shift_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    person = acting_person()
    name = shift.name
    outcome = write(lambda: services.delete_shift(shift, by=person))
    flash(
        f"Équipe « {name} » supprimée." if outcome.ok else outcome.message,
        "success" if outcome.ok else "error",
    )
    return redirect(url_for("shifts.index"), code=303)
