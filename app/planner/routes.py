"""Planner views: the week, one-tap sign-up (htmx, only the slot re-rendered), slot keeping."""

from datetime import date, datetime, time, timedelta

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.activities import services as activity_services
from app.auth.forms import EmptyForm
from app.core import periods
from app.core.converters import query_id
from app.core.timefmt import to_paris, utc_to_paris_naive, utcnow
from app.core.web import acting_person, wants_fragment
from app.core.writes import write
from app.extensions import db
from app.models import Activity, Slot
from app.planner import bp, policies, services
from app.planner.forms import CancelSlotForm, FeedbackForm, MoveSlotForm, SignUpForm, SlotForm
from app.shifts import services as shift_services


def _slot_or_404(slot_id: int) -> Slot:
    slot = db.session.get(Slot, slot_id)
    if slot is None or slot.ward_id != g.ward.id:
        abort(404)
    return slot


def _shift_tagger(ward_shifts: list):
    """`shift_of(slot)` for the slot cards: the shift a slot falls in (by its start)."""
    return lambda slot: shift_services.shift_of_slot(ward_shifts, slot.starts_at)


def _week_context(monday: date, activity_id: int | None, shift_id: int | None = None) -> dict:
    ward_shifts = shift_services.ward_shifts(g.ward)
    shift_of = _shift_tagger(ward_shifts)
    chosen = next((s for s in ward_shifts if s.id == shift_id), None)
    slots = services.week_slots(g.ward, monday, activity_id)
    if chosen is not None:
        slots = [s for s in slots if shift_of(s) is chosen]
    ids = [s.id for s in slots]
    return {
        "shifts": ward_shifts,
        "shift_id": chosen.id if chosen else None,
        "shift_of": shift_of,
        "ward": g.ward,
        "monday": monday,
        "week": services.week_label(monday),
        "previous": services.week_label(monday - timedelta(days=7)),
        "next": services.week_label(monday + timedelta(days=7)),
        "current": services.week_label(services.this_monday()),
        "days": services.by_day(
            slots, monday, lambda slot: shift_services.shift_day(shift_of(slot), slot.starts_at)
        ),
        "today": datetime.now(services.PARIS).date(),
        "mine": services.my_sign_ups(current_user, ids),
        "positions": services.waiting_positions(current_user, ids),
        "accepted": services.accepted_versions(current_user, [s.activity_id for s in slots]),
        "activity_id": activity_id,
        "now": utcnow(),
    }


def _week_from_request() -> tuple[date, int | None, int | None, bool]:
    raw = request.args.get("semaine")
    monday = periods.parse_week(raw)
    bad = bool(raw) and monday is None
    activity = request.args.get("activite", type=query_id)
    shift = request.args.get("equipe", type=query_id)
    return monday or services.this_monday(), activity, shift, bad


@bp.get("/")
def week():
    monday, activity_id, shift_id, bad = _week_from_request()
    if bad:
        flash("Cette semaine n'existe pas : voici la semaine en cours.", "info")
    context = _week_context(monday, activity_id, shift_id)
    if wants_fragment():
        return render_template("planner/_week.html", **context)
    context["activities"] = activity_services.ward_activities(g.ward, current_user, "active")
    context["can_plan"] = any(policies.can_manage_slots(current_user, a) for a in context["activities"])
    return render_template("planner/week.html", **context)


@bp.get("/imprimer")
def print_week():
    monday, activity_id, shift_id, _bad = _week_from_request()
    context = _week_context(monday, activity_id, shift_id)
    slots = [s for _day, day_slots in context["days"] for s in day_slots]
    context["rosters"] = {s.id: services.roster(s)[0] for s in slots}
    context["sunday"] = monday + timedelta(days=6)
    return render_template("planner/print.html", **context)


@bp.get("/mes-inscriptions")
def mine():
    rows = services.upcoming_for(current_user, g.ward)
    ids = [r.slot_id for r in rows]
    return render_template(
        "planner/mine.html",
        ward=g.ward,
        sign_ups=rows,
        mine={r.slot_id: r for r in rows},
        positions=services.waiting_positions(current_user, ids),
        accepted=services.accepted_versions(current_user, [r.slot.activity_id for r in rows]),
        given=services.feedback_given(current_user, [r.slot_id for r in rows]),
        now=utcnow(),
        week_of=lambda slot: services.week_label(services.this_monday(to_paris(slot.starts_at).date())),
    )


# --- one tap ---------------------------------------------------------------------------------


def _card(
    slot: Slot,
    *,
    message: str = "",
    error: bool = False,
    show_charter: bool = False,
    status: int = 200,
    undo_cancel: bool = False,
):
    """The re-rendered slot (htmx), with the outcome in the flash area; or back to the week."""
    db.session.refresh(slot)
    mine = services.my_sign_ups(current_user, [slot.id])
    if wants_fragment():
        return render_template(
            "planner/_slot_response.html",
            slot=slot,
            mine=mine,
            positions=services.waiting_positions(current_user, [slot.id]),
            accepted=services.accepted_versions(current_user, [slot.activity_id]),
            show_charter=show_charter,
            now=utcnow(),
            message=message,
            error=error,
            ward=g.ward,
            shift_of=_shift_tagger(shift_services.ward_shifts(g.ward)),
            undo_cancel=undo_cancel,
        ), status
    if message:
        flash(message, "error" if error else "success")
    week = services.week_label(services.this_monday(to_paris(slot.starts_at).date()))
    anchor = f"creneau-{slot.id}"
    if show_charter:
        return redirect(url_for("planner.slot", slot_id=slot.id), code=303)
    return redirect(url_for("planner.week", semaine=week, _anchor=anchor), code=303)


def _why_not(slot: Slot) -> str:
    if slot.status == "cancelled":
        return "Ce créneau est annulé."
    if slot.status == "frozen" or slot.activity.status != "active":
        return "Cette activité est suspendue : les inscriptions sont fermées."
    if slot.starts_at <= utcnow():
        return "Ce créneau est passé : on ne peut plus s'y inscrire."
    return "Ce créneau est complet. Vous pouvez rejoindre la liste d'attente."


def _client() -> tuple[str, str]:
    return request.remote_addr or "", request.headers.get("User-Agent", "")


def _charter_gate(slot: Slot, form: SignUpForm, action: str):
    """First time for this activity (or a new charter version): show it in the slot.

    Returns `(response, accept)`: a response while the charter is not accepted, else the
    acceptance to record in the same write as the sign-up (or None when not needed)."""
    activity = slot.activity
    if not services.needs_charter(activity, services.accepted_versions(current_user, [activity.id])):
        return None, None
    if form.accept_charter.data != "oui":
        return _card(slot, show_charter=action), None  # asked in place, nothing recorded yet
    ip, agent = _client()
    person = acting_person()
    shown_at = _shown_at(form.shown_at.data)

    def accept():
        services.accept_charter(
            db.session.get(Activity, activity.id), by=person, shown_at=shown_at, ip=ip, user_agent=agent
        )

    return None, accept


def _claim_then_accept(claim, accept):
    """The claim is the first statement of the write; the charter acceptance follows it."""

    def work():
        result = claim()
        if accept is not None:
            accept()
        return result

    return work


@bp.post("/creneaux/<int:slot_id>/inscription")
def sign_up(slot_id: int):
    slot = _slot_or_404(slot_id)
    form = SignUpForm()
    if not form.validate_on_submit():
        abort(400)
    if not policies.can_sign_up(current_user, slot):
        return _card(slot, message=_why_not(slot), error=True, status=409)
    asked, accept = _charter_gate(slot, form, "planner.sign_up")
    if asked is not None:
        return asked
    person = acting_person()
    # The claim comes first in its own transaction (write() ends the reading one).
    outcome = write(_claim_then_accept(lambda: services.sign_up(slot_id, by=person), accept))
    if not outcome.ok:
        return _card(slot, message=outcome.message, error=True, status=409)
    if outcome.value == "confirmed":
        return _card(slot, message=f"C'est noté : vous êtes inscrit·e à « {slot.activity.name} ».")
    return _card(slot, message=_why_not(slot), error=True, status=409)


def _shown_at(raw: str | None) -> datetime:
    """When the charter was put in front of the person (sent back by the form; bounded)."""
    now = utcnow()
    try:
        shown = datetime.fromisoformat(raw or "")
    except ValueError:
        return now
    return shown if now - timedelta(hours=12) <= shown <= now else now


@bp.post("/creneaux/<int:slot_id>/attente")
def join_waiting(slot_id: int):
    slot = _slot_or_404(slot_id)
    form = SignUpForm()
    if not form.validate_on_submit():
        abort(400)
    if not policies.can_sign_up(current_user, slot):
        return _card(slot, message=_why_not(slot), error=True, status=409)
    asked, accept = _charter_gate(slot, form, "planner.join_waiting")
    if asked is not None:
        return asked
    person = acting_person()
    outcome = write(_claim_then_accept(lambda: services.join_waiting_list(slot_id, by=person), accept))
    if not outcome.ok:
        return _card(slot, message=outcome.message, error=True, status=409)
    if outcome.value == "confirmed":
        return _card(slot, message="Une place venait de se libérer : vous êtes inscrit·e !")
    return _card(
        slot, message="Vous êtes sur la liste d'attente : vous serez prévenu·e si une place se libère."
    )


@bp.post("/creneaux/<int:slot_id>/desinscription")
def cancel(slot_id: int):
    slot = _slot_or_404(slot_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not policies.can_leave_slot(current_user, slot):
        return _card(
            slot,
            message="Ce créneau a déjà commencé : on ne peut plus s'en désinscrire.",
            error=True,
            status=409,
        )
    person = acting_person()
    outcome = write(lambda: services.cancel_sign_up(slot_id, by=person))
    if not outcome.ok:
        return _card(slot, message=outcome.message, error=True, status=409)
    return _card(slot, message="C'est noté : vous n'êtes plus inscrit·e à ce créneau.", undo_cancel=True)


# --- keeping slots -------------------------------------------------------------------------------


def _plannable() -> list[Activity]:
    return [
        a
        for a in activity_services.ward_activities(g.ward, current_user, "active")
        if policies.can_manage_slots(current_user, a)
    ]


@bp.route("/creneaux/nouveau", methods=["GET", "POST"])
def new_slot():
    activities = _plannable()
    if not activities:
        abort(403)
    form = SlotForm()
    form.activity_id.choices = [SelectChoice("", "Choisissez…")] + [
        SelectChoice(a.id, a.name) for a in activities
    ]
    if not form.is_submitted():
        form.activity_id.data = request.args.get("activite", type=query_id)
        form.capacity.data = 4
        form.start.data, form.end.data = _break_from_request()
    status = 200
    if form.validate_on_submit():
        activity = next(a for a in activities if a.id == form.activity_id.data)
        person = acting_person()
        fields = {
            "day": form.day.data,
            "start": form.start.data,
            "end": form.end.data,
            "place": form.place.data or "",
            "capacity": form.capacity.data,
            "weekdays": form.weekdays.data or None,
            "until": form.until.data,
        }
        outcome = write(lambda: services.create_slots(activity, by=person, **fields), form=form, field="day")
        if outcome.ok:
            count = len(outcome.value)
            flash(f"{count} créneau{'x' if count > 1 else ''} ajouté{'s' if count > 1 else ''}.", "success")
            monday = services.this_monday(form.day.data)
            return redirect(url_for("planner.week", semaine=services.week_label(monday)), code=303)
        status = outcome.status
    elif form.is_submitted():
        status = 422
    return render_template(
        "planner/slot_form.html",
        ward=g.ward,
        form=form,
        slot=None,
        breaks=shift_services.usual_breaks(g.ward),
        hhmm=shift_services.hhmm,
    ), status


def _break_from_request() -> tuple[time | None, time | None]:
    """`?debut=10:30` (a usual break offered on the form): start there, for 20 minutes."""
    try:
        start = time.fromisoformat(request.args.get("debut", ""))
    except ValueError:
        return None, None
    end = (datetime.combine(date.min, start) + timedelta(minutes=20)).time()
    return start, end


@bp.get("/creneaux/<int:slot_id>")
def slot(slot_id: int):
    slot = _slot_or_404(slot_id)
    if wants_fragment():
        return _card(slot)  # the card alone (e.g. the charter closed without signing up)
    confirmed, waiting = services.roster(slot) if policies.can_see_roster(current_user, slot) else ([], [])
    return render_template(
        "planner/slot.html",
        ward=g.ward,
        slot=slot,
        confirmed=confirmed,
        waiting=waiting,
        mine=services.my_sign_ups(current_user, [slot.id]),
        positions=services.waiting_positions(current_user, [slot.id]),
        accepted=services.accepted_versions(current_user, [slot.activity_id]),
        show_charter=services.needs_charter(
            slot.activity, services.accepted_versions(current_user, [slot.activity_id])
        ),
        now=utcnow(),
        cancel_form=CancelSlotForm(formdata=None),
        message="",
        error=False,
    )


@bp.route("/creneaux/<int:slot_id>/modifier", methods=["GET", "POST"])
def edit_slot(slot_id: int):
    slot = _slot_or_404(slot_id)
    if not policies.can_manage_slots(current_user, slot.activity):
        abort(403)
    form = MoveSlotForm()
    if not form.is_submitted():
        local_start, local_end = utc_to_paris_naive(slot.starts_at), utc_to_paris_naive(slot.ends_at)
        form.day.data, form.start.data, form.end.data = (
            local_start.date(),
            local_start.time(),
            local_end.time(),
        )
        form.place.data, form.capacity.data = slot.place, slot.capacity
    status = 200
    if form.validate_on_submit():
        person = acting_person()
        fields = {
            "day": form.day.data,
            "start": form.start.data,
            "end": form.end.data,
            "place": form.place.data or "",
            "capacity": form.capacity.data,
            "message": form.message.data or "",
            "scope": form.scope.data,
        }
        outcome = write(lambda: services.move_slot(slot, by=person, **fields), form=form, field="day")
        if outcome.ok:
            flash("Créneau modifié ; les personnes inscrites sont prévenues.", "success")
            return redirect(url_for("planner.slot", slot_id=slot_id), code=303)
        status = outcome.status
    elif form.is_submitted():
        status = 422
    return render_template("planner/slot_form.html", ward=g.ward, form=form, slot=slot), status


@bp.post("/creneaux/<int:slot_id>/annuler")
def cancel_slot(slot_id: int):
    slot = _slot_or_404(slot_id)
    if not policies.can_manage_slots(current_user, slot.activity):
        abort(403)
    form = CancelSlotForm()
    status = 422
    if form.validate_on_submit():
        person = acting_person()
        message = form.message.data
        outcome = write(
            lambda: services.cancel_slot(slot, by=person, message=message), form=form, field="message"
        )
        if outcome.ok:
            flash("Créneau annulé ; les personnes inscrites ont reçu votre message.", "success")
            return redirect(url_for("planner.slot", slot_id=slot_id), code=303)
        status = outcome.status
    confirmed, waiting = services.roster(slot)
    return render_template(
        "planner/slot.html",
        ward=g.ward,
        slot=slot,
        confirmed=confirmed,
        waiting=waiting,
        cancel_form=form,
        mine={},
        positions={},
        accepted={},
        show_charter=False,
        now=utcnow(),
        message="",
        error=False,
    ), status


@bp.post("/creneaux/<int:slot_id>/presences")
def attendance(slot_id: int):
    slot = _slot_or_404(slot_id)
    if not policies.can_mark_attendance(current_user, slot):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    present = {int(v) for v in request.form.getlist("present") if v.isascii() and v.isdigit() and len(v) < 19}
    person = acting_person()
    outcome = write(lambda: services.mark_attendance(slot, by=person, present_ids=present))
    if outcome.ok:
        flash("Présences enregistrées.", "success")
    else:
        flash(outcome.message, "error")
    return redirect(url_for("planner.slot", slot_id=slot_id), code=303)


@bp.route("/creneaux/<int:slot_id>/avis", methods=["GET", "POST"])
def feedback(slot_id: int):
    slot = _slot_or_404(slot_id)
    mine = services.my_sign_ups(current_user, [slot.id]).get(slot.id)
    if not policies.can_leave_feedback(current_user, slot, mine):
        abort(403)
    form = FeedbackForm()
    status = 200
    if form.validate_on_submit():
        person = acting_person()
        rating, comment = form.rating.data, form.comment.data or ""
        outcome = write(
            lambda: services.leave_feedback(slot, by=person, rating=rating, comment=comment),
            form=form,
            field="rating",
        )
        if outcome.ok:
            flash("Merci pour votre retour : il aide les référents à améliorer l'activité.", "success")
            return redirect(url_for("planner.mine"), code=303)
        status = outcome.status
    elif form.is_submitted():
        status = 422
    return render_template("planner/feedback.html", ward=g.ward, slot=slot, form=form), status
