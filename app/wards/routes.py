"""The ward home and asking to join a ward."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from app import policies
from app.auth.forms import JoinWardForm
from app.auth.services import ask_to_join
from app.core.converters import query_id
from app.core.timefmt import utcnow
from app.core.web import acting_person, wants_fragment
from app.core.writes import write
from app.pause import services as pause_services
from app.planner import services as planner
from app.shifts import services as shift_services
from app.wards import bp, open_to_non_members
from app.wards import services as ward_services


@bp.get("/")
def home():
    """The ward home is its news feed: highlights, then posts, newest first."""
    # Import cycle: app.feed imports app.wards (ward_blueprint), and app.wards loads these
    # routes; at the top, app.discussions -> app.moderation -> app.wards -> app.feed -> app.discussions.
    from app.feed import services as feed  # noqa: PLC0415
    from app.feed.forms import FeedFilterForm  # noqa: PLC0415

    ward = g.ward
    filters = FeedFilterForm(request.args)
    kind = filters.type.data if filters.validate() and filters.type.data else None
    query = (filters.q.data or "").strip()
    after = request.args.get("apres", type=query_id)
    publications, has_more = feed.feed_page(ward, kind=kind, query=query, after=after)
    context = {
        "ward": ward,
        "publications": publications,
        "has_more": has_more,
        "thanked": feed.thanked_ids(current_user, [p.id for p in publications]),
        "filters": filters,
        "kind": kind,
        "query": query,
    }
    if wants_fragment():
        template = "feed/_items.html" if after else "feed/_feed.html"
        return render_template(template, **context)
    context.update(_next_slots(ward))
    context.update(
        feed.highlights(ward),
        membership=policies.membership_of(current_user, ward),
        pending=feed.pending_count(ward, current_user),
        postits=feed.latest_postits(ward),
        member_count=ward_services.member_count(ward),
    )
    return render_template("wards/home.html", **context)


def _next_slots(ward) -> dict:
    """What is next in the planner (today and tomorrow), with each slot's sign-up button."""
    now = utcnow()
    slots = pause_services.next_slots(ward, now)
    ward_shifts = shift_services.ward_shifts(ward) if slots else []
    ids = [s.id for s in slots]
    return {
        "next_slots": slots,
        "mine": planner.my_sign_ups(current_user, ids),
        "positions": planner.waiting_positions(current_user, ids),
        "accepted": planner.accepted_versions(current_user, [s.activity_id for s in slots]),
        "now": now,
        "shift_of": lambda slot: shift_services.shift_of_slot(ward_shifts, slot.starts_at),
    }


@bp.get("/aide")
def help_page():
    """The ward's help in plain French: what each tool is for, how to use it, who sees what."""
    return render_template("wards/help.html", ward=g.ward)


@bp.route("/rejoindre", methods=["GET", "POST"])
@open_to_non_members
def join():
    ward = g.ward
    if policies.can_view_ward(current_user, ward):
        return redirect(url_for("wards.home"))
    if not policies.can_request_to_join(current_user, ward):
        abort(403)
    form = JoinWardForm()
    if form.validate_on_submit():
        person = acting_person()
        outcome = write(lambda: ask_to_join(ward, by=person, message=form.message.data or ""), form=form)
        if not outcome.ok:
            return render_template("wards/join.html", ward=ward, form=form), outcome.status
        flash(
            f"Votre demande a été envoyée aux administrateurs de « {ward.name} ». "
            "Vous serez prévenu·e de leur réponse.",
            "success",
        )
        return redirect(url_for("public.home"), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("wards/join.html", ward=ward, form=form), status
