"""The break page: my shift (asked once, remembered until it ends), then the slots I can
still join, each with its one-tap sign-up (the planner's own button and route)."""

import time
from datetime import UTC

from flask import abort, g, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.core.converters import query_id
from app.core.timefmt import to_paris, utcnow
from app.pause import bp, services
from app.planner import services as planner
from app.shifts import services as shifts
from app.shifts.forms import ShiftChoiceForm

SESSION_KEY = "pause_shift"


def _remembered(ward) -> int | None:
    """The shift chosen on this session for the ward, while its instance lasts."""
    chosen = session.get(SESSION_KEY, {}).get(ward.slug)
    if not chosen or chosen[1] < time.time():
        return None
    return chosen[0]


@bp.get("/")
def index():
    ward, now = g.ward, utcnow()
    window, ward_shifts = services.window_for(ward, _remembered(ward), now)
    if window is None or request.args.get("equipe") == "choisir":
        current = shifts.shift_at(ward_shifts, to_paris(now).time())
        return render_template(
            "pause/choose.html", ward=ward, shifts=ward_shifts, current=current, hhmm=shifts.hhmm
        )
    slots = services.reachable_slots(ward, window.starts_at, window.ends_at, now)
    ids = [s.id for s in slots]
    return render_template(
        "pause/index.html",
        ward=ward,
        window=window,
        guessed=window.shift is not None and _remembered(ward) is None,
        slots=slots,
        mine=planner.my_sign_ups(current_user, ids),
        positions=planner.waiting_positions(current_user, ids),
        accepted=planner.accepted_versions(current_user, [s.activity_id for s in slots]),
        now=now,
        hhmm=shifts.hhmm,
        shift_of=lambda slot: shifts.shift_of_slot(ward_shifts, slot.starts_at),
    )


@bp.post("/equipe")
def choose():
    """Remember my shift for this session until the shift ends (nothing is stored)."""
    form = ShiftChoiceForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        chosen_id = query_id(form.shift.data or "")
    except ValueError:
        abort(404)
    shift = next((s for s in shifts.ward_shifts(g.ward) if s.id == chosen_id), None)
    if shift is None:
        abort(404)
    window = shifts.current_window(shift, utcnow())
    ends = window.ends_at.replace(tzinfo=UTC).timestamp()
    chosen = dict(session.get(SESSION_KEY, {}))
    chosen[g.ward.slug] = [shift.id, ends]
    session[SESSION_KEY] = chosen
    return redirect(url_for("pause.index"), code=303)
