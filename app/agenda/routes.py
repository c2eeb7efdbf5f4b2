"""Agenda views: month and week (htmx, URL following), events, polls, the feed page."""

import contextlib
from datetime import datetime, timedelta

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.agenda import bp, ical, policies, services
from app.agenda.forms import CloseForm, EventForm, PollForm, ReasonForm
from app.auth.forms import EmptyForm
from app.core.errors import DomainError, attach_error
from app.core.timefmt import paris_to_utc, utc_to_paris_naive
from app.core.web import wants_fragment
from app.core.writes import write
from app.extensions import db
from app.models import DatePoll, Event
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
    first = services.parse_month(raw)
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
    monday = planner.parse_week(raw)
    if raw and monday is None:
        flash("Cette semaine n'existe pas : voici la semaine en cours.", "info")
    context = _week_context(monday or planner.this_monday())
    if wants_fragment():
        return render_template("agenda/_week.html", **context)
    return render_template("agenda/week.html", **context)


@bp.get("/imprimer")
def print_month():
    first = services.parse_month(request.args.get("mois")) or services.today_paris().replace(day=1)
    return render_template("agenda/print_month.html", **_month_context(first))


@bp.get("/semaine/imprimer")
def print_week():
    monday = planner.parse_week(request.args.get("semaine")) or planner.this_monday()
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
            form.day.data = datetime.strptime(request.args["jour"], "%Y-%m-%d").date()
    if form.validate_on_submit():
        try:
            event = services.add_event(g.ward, by=current_user, **_event_fields(form))
            db.session.commit()
            flash("Événement ajouté à l'agenda.", "success")
            return redirect(url_for("agenda.event", event_id=event.id), code=303)
        except DomainError as error:
            db.session.rollback()
            attach_error(form, error, "day")
    status = 422 if form.is_submitted() else 200
    return render_template("agenda/event_form.html", ward=g.ward, form=form, event=None), status


@bp.get("/evenements/<int:event_id>")
def event(event_id: int):
    item = _event_or_404(event_id)
    return render_template(
        "agenda/event.html", ward=g.ward, event=item, reason_form=ReasonForm(formdata=None)
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
    if form.validate_on_submit():
        try:
            services.edit_event(item, by=current_user, **_event_fields(form))
            db.session.commit()
            flash("Événement modifié.", "success")
            return redirect(url_for("agenda.event", event_id=item.id), code=303)
        except DomainError as error:
            db.session.rollback()
            attach_error(form, error, "day")
    status = 422 if form.is_submitted() else 200
    return render_template("agenda/event_form.html", ward=g.ward, form=form, event=item), status


@bp.post("/evenements/<int:event_id>/annuler")
def cancel_event(event_id: int):
    item = _event_or_404(event_id)
    if not policies.can_edit_event(current_user, item):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.cancel_event(item, by=current_user)
    db.session.commit()
    flash("Événement annulé : il reste visible, barré, dans l'agenda et les abonnements.", "success")
    return redirect(url_for("agenda.event", event_id=item.id), code=303)


@bp.get("/evenements/<int:event_id>/ics")
def event_ics(event_id: int):
    item = _event_or_404(event_id)
    response = Response(ical.single_event(item, request.url_root.rstrip("/")), mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="evenement-{item.id}.ics"'
    return response


@bp.post("/evenements/<int:event_id>/signaler")
def report_event(event_id: int):
    item = _event_or_404(event_id)
    form = ReasonForm()
    try:
        if not form.validate_on_submit():
            raise DomainError("Dites en quelques mots ce qui pose problème.")
        services.report_event(item, by=current_user, reason=form.reason.data)
        db.session.commit()
        flash("Merci : les modérateurs vont regarder cet événement.", "success")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for("agenda.event", event_id=item.id), code=303)


@bp.post("/evenements/<int:event_id>/masquer")
def hide_event(event_id: int):
    item = _event_or_404(event_id)
    if not policies.can_moderate_events(current_user, g.ward):
        abort(403)
    form = ReasonForm()
    try:
        if not form.validate_on_submit():
            raise DomainError("Indiquez la raison : l'auteur·rice la recevra.")
        services.hide_event(item, by=current_user, reason=form.reason.data)
        db.session.commit()
        flash("Événement masqué ; son auteur·rice est prévenu·e.", "success")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(
        (request.form.get("retour") == "moderation" and url_for("ward_admin.moderation"))
        or url_for("agenda.event", event_id=item.id),
        code=303,
    )


@bp.post("/evenements/<int:event_id>/garder")
def keep_event(event_id: int):
    item = _event_or_404(event_id)
    if not policies.can_moderate_events(current_user, g.ward):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.keep_event(item, by=current_user)
    db.session.commit()
    flash("Événement gardé (ou rétabli) : les signalements sont traités.", "success")
    return redirect(url_for("ward_admin.moderation"), code=303)


# --- subscriptions -------------------------------------------------------------------------------


@bp.route("/abonnement", methods=["GET", "POST"])
def subscribe():
    """The personal calendar links; a new secret can replace the old one at any time."""
    form = EmptyForm()
    person = current_user._get_current_object()
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
            starts = datetime.strptime(f"{day} {start or '00:00'}", "%Y-%m-%d %H:%M")
            ends = datetime.strptime(f"{day} {end or '23:59'}", "%Y-%m-%d %H:%M")
        except ValueError as error:
            raise DomainError(f"La date n° {index} n'est pas lisible.", field="options") from error
        options.append((paris_to_utc(starts), paris_to_utc(ends)))
    return options


@bp.route("/sondages/nouveau", methods=["GET", "POST"])
def new_poll():
    form = PollForm()
    errors = []
    if form.validate_on_submit():
        try:
            poll = services.create_poll(
                g.ward,
                by=current_user,
                title=form.title.data,
                description=form.description.data or "",
                place=form.place.data or "",
                options=_poll_options_from_request(),
            )
            db.session.commit()
            flash("Sondage créé : partagez-le avec vos collègues.", "success")
            return redirect(url_for("agenda.poll", poll_id=poll.id), code=303)
        except DomainError as error:
            db.session.rollback()
            errors.append(error.message)
    status = 422 if form.is_submitted() else 200
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
    answers = {int(k[7:]): v for k, v in request.form.items() if k.startswith("option-") and k[7:].isdigit()}
    try:
        services.answer_poll(item, g.ward, by=current_user, answers=answers)
        db.session.commit()
        flash(
            "Vos réponses sont enregistrées ; vous pouvez les changer tant que le sondage est ouvert.",
            "success",
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("agenda.poll", poll_id=item.id), code=303)
    return redirect(url_for("agenda.poll", poll_id=item.id), code=303)


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
    try:
        event = services.close_poll(item, g.ward, by=current_user, option_id=form.option_id.data)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("agenda.poll", poll_id=item.id), code=303)
    flash("C'est décidé : l'événement est dans l'agenda et les participants sont prévenus.", "success")
    return redirect(url_for("agenda.event", event_id=event.id), code=303)
