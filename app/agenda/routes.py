"""Agenda views: month and week (htmx, URL following), events, polls, the feed page."""

import contextlib
from datetime import datetime, timedelta

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.agenda import bp, ical, policies, services
from app.agenda.forms import CloseForm, EventForm, PollForm
from app.auth.forms import EmptyForm
from app.core import periods
from app.core.errors import DomainError
from app.core.timefmt import PARIS, paris_to_utc, utc_to_paris_naive
from app.core.web import acting_person, wants_fragment
from app.core.writes import write
from app.extensions import db
from app.models import DatePoll, Event
from app.moderation import services as moderation
from app.planner import services as planner


def _event_or_404(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or event.ward_id != g.ward.id or not policies.can_see_event(current_user, event):
        abort(404)
    return event


def _month_context(first) -> dict:
    weeks = services.month_grid(first)
    data = services.period(g.ward, current_user, weeks[0][0], weeks[-1][-1])
    return {
        "ward": g.ward,
        "first": first,
        "weeks": weeks,
        "data": data,
        "today": services.today_paris(),
        "month": services.month_label(first),
        "previous": services.month_label(services.shift_month(first, -1)),
        "next": services.month_label(services.shift_month(first, 1)),
        "current": services.month_label(services.today_paris().replace(day=1)),
    }


@bp.get("/")
def month():
    raw = request.args.get("mois")
    first = periods.parse_month(raw)
    if raw and first is None:
        flash("Ce mois n'existe pas : voici le mois en cours.", "info")
    context = _month_context(first or services.today_paris().replace(day=1))
    if wants_fragment():
        return render_template("agenda/_month.html", **context)
    return render_template("agenda/month.html", polls=services.open_polls(g.ward), **context)


def _week_context(monday) -> dict:
    days = [monday + timedelta(days=n) for n in range(7)]
    return {
        "ward": g.ward,
        "monday": monday,
        "days": days,
        "data": services.period(g.ward, current_user, days[0], days[-1]),
        "today": services.today_paris(),
        "week": planner.week_label(monday),
        "previous": planner.week_label(monday - timedelta(days=7)),
        "next": planner.week_label(monday + timedelta(days=7)),
        "current": planner.week_label(planner.this_monday()),
    }


@bp.get("/semaine")
def week():
    raw = request.args.get("semaine")
    monday = periods.parse_week(raw)
    if raw and monday is None:
        flash("Cette semaine n'existe pas : voici la semaine en cours.", "info")
    context = _week_context(monday or planner.this_monday())
    if wants_fragment():
        return render_template("agenda/_week.html", **context)
    return render_template("agenda/week.html", **context)


@bp.get("/imprimer")
def print_month():
    first = periods.parse_month(request.args.get("mois")) or services.today_paris().replace(day=1)
    return render_template("agenda/print_month.html", **_month_context(first))


@bp.get("/semaine/imprimer")
def print_week():
    monday = periods.parse_week(request.args.get("semaine")) or planner.this_monday()
    return render_template("agenda/print_week.html", **_week_context(monday))


# --- events ---------------------------------------------------------------------------------------


def _event_fields(form) -> dict:
    return {
        "kind": form.kind.data,
        "title": form.title.data or "",
        "description": form.description.data or "",
        "place": form.place.data or "",
        "day": form.day.data,
        "start": form.start.data,
        "end_day": form.end_day.data,
        "end": form.end.data,
        "all_day": form.all_day.data,
    }


@bp.route("/evenements/nouveau", methods=["GET", "POST"])
def new_event():
    if not policies.can_add_event(current_user, g.ward):
        abort(403)
    form = EventForm()
    if not form.is_submitted() and request.args.get("jour"):
        with contextlib.suppress(ValueError):
            form.day.data = datetime.strptime(request.args["jour"], "%Y-%m-%d").replace(tzinfo=PARIS).date()
    status = 200
    if form.validate_on_submit():
        ward, person, fields = g.ward, acting_person(), _event_fields(form)
        outcome = write(lambda: services.add_event(ward, by=person, **fields), form=form, field="day")
        if outcome.ok:
            flash("Événement ajouté à l'agenda.", "success")
            return redirect(url_for("agenda.event", event_id=outcome.value.id), code=303)
        status = outcome.status
    elif form.is_submitted():
        status = 422
    return render_template("agenda/event_form.html", ward=g.ward, form=form, event=None), status


@bp.get("/evenements/<int:event_id>")
def event(event_id: int):
    item = _event_or_404(event_id)
    return render_template(
        "agenda/event.html",
        ward=g.ward,
        event=item,
        reported=bool(moderation.reported_by("event", [item.id], current_user)),
    )


@bp.route("/evenements/<int:event_id>/modifier", methods=["GET", "POST"])
def edit_event(event_id: int):
    item = _event_or_404(event_id)
    if not policies.can_edit_event(current_user, item):
        abort(403)
    form = EventForm(obj=item)
    if not form.is_submitted():
        start, end = utc_to_paris_naive(item.starts_at), utc_to_paris_naive(item.ends_at)
        form.day.data, form.start.data, form.end.data = start.date(), start.time(), end.time()
        last = (end - timedelta(days=1)).date() if item.all_day else end.date()
        form.end_day.data = last if last != start.date() else None
    status = 200
    if form.validate_on_submit():
        person, fields = acting_person(), _event_fields(form)
        outcome = write(lambda: services.edit_event(item, by=person, **fields), form=form, field="day")
        if outcome.ok:
            flash("Événement modifié.", "success")
            return redirect(url_for("agenda.event", event_id=event_id), code=303)
        status = outcome.status
    elif form.is_submitted():
        status = 422
    return render_template("agenda/event_form.html", ward=g.ward, form=form, event=item), status


@bp.post("/evenements/<int:event_id>/annuler")
def cancel_event(event_id: int):
    item = _event_or_404(event_id)
    if not policies.can_edit_event(current_user, item):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    person = acting_person()
    outcome = write(lambda: services.cancel_event(item, by=person))
    if outcome.ok:
        flash("Événement annulé : il reste visible, barré, dans l'agenda et les abonnements.", "success")
    else:
        flash(outcome.message, "error")
    return redirect(url_for("agenda.event", event_id=event_id), code=303)


@bp.get("/evenements/<int:event_id>/ics")
def event_ics(event_id: int):
    item = _event_or_404(event_id)
    response = Response(ical.single_event(item), mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="evenement-{item.id}.ics"'
    return response


# --- subscriptions -------------------------------------------------------------------------------


@bp.route("/abonnement", methods=["GET", "POST"])
def subscribe():
    """The personal calendar links; a new secret can replace the old one at any time."""
    form = EmptyForm()
    person = acting_person()
    had_links = services.has_calendar_links(person)
    token = None
    if form.validate_on_submit():
        token = write(lambda: services.new_calendar_token(person)).value
        if had_links:
            flash("Nouveaux liens créés : les anciens ne fonctionnent plus.", "success")
        else:
            flash("Vos liens sont créés.", "success")
    links = None
    if token:
        links = {
            "ward": url_for("calendar_feeds.ward_feed", token=token, slug=g.ward.slug, _external=True),
            "mine": url_for("calendar_feeds.sign_ups_feed", token=token, _external=True),
        }
        # webcal:// opens the phone's calendar app straight on "subscribe".
        links["ward_webcal"] = "webcal://" + links["ward"].split("://", 1)[1]
        links["mine_webcal"] = "webcal://" + links["mine"].split("://", 1)[1]
    return render_template(
        "agenda/subscribe.html", ward=g.ward, links=links, form=form, had_links=had_links or bool(token)
    )


# --- find a date -------------------------------------------------------------------------------------


def _poll_or_404(poll_id: int) -> DatePoll:
    poll = db.session.get(DatePoll, poll_id)
    if poll is None or poll.ward_id != g.ward.id:
        abort(404)
    return poll


def _poll_options_from_request() -> list:
    options = []
    for index in range(1, 11):
        day, start, end = (
            request.form.get(f"jour-{index}", ""),
            request.form.get(f"debut-{index}", ""),
            request.form.get(f"fin-{index}", ""),
        )
        if not day:
            continue
        try:
            # Paris wall-clock times, as typed
            starts = datetime.strptime(f"{day} {start or '00:00'}", "%Y-%m-%d %H:%M").replace(tzinfo=PARIS)
            ends = datetime.strptime(f"{day} {end or '23:59'}", "%Y-%m-%d %H:%M").replace(tzinfo=PARIS)
        except ValueError as error:
            raise DomainError(f"La date n° {index} n'est pas lisible.", field="options") from error
        if not (periods.in_range(starts) and periods.in_range(ends)):
            raise DomainError(f"Date n°\u00a0{index}\u00a0: {periods.OUT_OF_RANGE.lower()}", field="options")
        options.append((paris_to_utc(starts), paris_to_utc(ends)))
    return options


@bp.route("/sondages/nouveau", methods=["GET", "POST"])
def new_poll():
    form = PollForm()
    errors = []
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        try:
            options = _poll_options_from_request()
        except DomainError as error:
            errors.append(error.message)
        else:
            ward, person = g.ward, acting_person()
            fields = {
                "title": form.title.data,
                "description": form.description.data or "",
                "place": form.place.data or "",
                "options": options,
            }
            outcome = write(lambda: services.create_poll(ward, by=person, **fields))
            if outcome.ok:
                flash("Sondage créé : partagez-le avec vos collègues.", "success")
                return redirect(url_for("agenda.poll", poll_id=outcome.value.id), code=303)
            errors.append(outcome.message)
            status = outcome.status
    return render_template(
        "agenda/poll_form.html", ward=g.ward, form=form, errors=errors, values=request.form
    ), status


@bp.get("/sondages/<int:poll_id>")
def poll(poll_id: int):
    item = _poll_or_404(poll_id)
    close_form = CloseForm(formdata=None)
    close_form.option_id.choices = [SelectChoice(o.id, str(o.id)) for o in item.options]
    return render_template(
        "agenda/poll.html", ward=g.ward, poll=item, close_form=close_form, **services.poll_with_answers(item)
    )


@bp.post("/sondages/<int:poll_id>/repondre")
def answer_poll(poll_id: int):
    item = _poll_or_404(poll_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    answers = {
        int(k[7:]): v
        for k, v in request.form.items()
        if k.startswith("option-") and k[7:].isascii() and k[7:].isdigit() and len(k) < 26
    }
    ward, person = g.ward, acting_person()
    outcome = write(lambda: services.answer_poll(item, ward, by=person, answers=answers))
    if outcome.ok:
        flash(
            "Vos réponses sont enregistrées ; vous pouvez les changer tant que le sondage est ouvert.",
            "success",
        )
    else:
        flash(outcome.message, "error")
    return redirect(url_for("agenda.poll", poll_id=poll_id), code=303)


@bp.post("/sondages/<int:poll_id>/clore")
def close_poll(poll_id: int):
    item = _poll_or_404(poll_id)
    if not policies.can_close_poll(current_user, item, g.ward):
        abort(403)
    form = CloseForm()
    form.option_id.choices = [SelectChoice(o.id, str(o.id)) for o in item.options]
    if not form.validate_on_submit():
        flash("Choisissez la date retenue.", "error")
        return redirect(url_for("agenda.poll", poll_id=item.id), code=303)
    ward, person, option_id = g.ward, acting_person(), form.option_id.data
    outcome = write(lambda: services.close_poll(item, ward, by=person, option_id=option_id))
    if not outcome.ok:
        flash(outcome.message, "error")
        return redirect(url_for("agenda.poll", poll_id=poll_id), code=303)
    event = outcome.value
    flash("C'est décidé : l'événement est dans l'agenda et les participants sont prévenus.", "success")
    return redirect(url_for("agenda.event", event_id=event.id), code=303)
