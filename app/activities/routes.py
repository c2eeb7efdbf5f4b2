"""Activity views: load, ask the policy, validate, call one service, commit, answer."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.activities import bp, policies, services
from app.activities.forms import STEP_FORMS, DecisionForm, MissionOrderForm, ReferentForm, StatusFilterForm
from app.auth.forms import EmptyForm
from app.auth.reauth import requires_fresh_auth
from app.core.timefmt import paris_to_utc, utcnow
from app.core.web import acting_person, wants_fragment
from app.core.writes import write
from app.discussions import views as discussion
from app.extensions import db
from app.models import Activity, MissionOrder, Person
from app.models.activities import ACTIVITY_STATUSES
from app.planner import policies as planner_policies
from app.planner import services as planner_services

LAST_STEP = 6


def _activity_or_404(activity_id: int) -> Activity:
    activity = db.session.get(Activity, activity_id)
    if (
        activity is None
        or activity.ward_id != g.ward.id
        or not policies.can_see_activity(current_user, activity)
    ):
        abort(404)
    return activity


# --- lists ----------------------------------------------------------------------------------


@bp.get("/")
def index():
    filters = StatusFilterForm(request.args)
    admin = policies.can_administer_ward(current_user, g.ward)
    filters.statut.choices = [SelectChoice("", "Toutes (sauf brouillons)")] + [
        SelectChoice(k, v) for k, v in ACTIVITY_STATUSES.items()
    ]
    status = filters.statut.data if admin and filters.validate() and filters.statut.data else None
    activities = services.ward_activities(g.ward, current_user, status)
    context = {"ward": g.ward, "activities": activities, "filters": filters, "show_filters": admin}
    if wants_fragment():
        return render_template("activities/_list.html", **context)
    return render_template("activities/index.html", **context)


@bp.get("/mes-propositions")
def mine():
    return render_template(
        "activities/mine.html",
        ward=g.ward,
        activities=services.my_proposals(g.ward, current_user),
        resume_at=services.step_to_resume,
    )


@bp.get("/a-examiner")
def queue():
    if not policies.can_administer_ward(current_user, g.ward):
        abort(403)
    return render_template(
        "activities/queue.html", ward=g.ward, activities=services.review_queue(g.ward, current_user)
    )


# --- the proposal in steps -----------------------------------------------------------------------


@bp.route("/proposer", methods=["GET", "POST"])
def propose():
    if not policies.can_propose_activity(current_user, g.ward):
        abort(403)
    form = STEP_FORMS[1]()
    status = 200
    if form.validate_on_submit():
        ward, person, values = g.ward, acting_person(), form.data
        outcome = write(lambda: services.start_proposal(ward, by=person, values=values), form=form)
        if outcome.ok:
            flash("Brouillon enregistré. Continuez quand vous voulez : rien n'est perdu.", "success")
            return redirect(url_for("activities.step", activity_id=outcome.value.id, step=2), code=303)
        status = outcome.status
    elif form.is_submitted():
        status = 422
    return render_template(
        "activities/step.html", ward=g.ward, activity=None, step=1, form=form, titles=services.STEP_TITLES
    ), status


def _can_fill(activity: Activity) -> bool:
    return policies.can_edit_proposal(current_user, activity) or policies.can_update_activity(
        current_user, activity
    )


def _vigilance_from_request() -> dict[int, tuple[str, str]]:
    answers = {}
    for key, value in request.form.items():
        if key.startswith("v-") and key[2:].isdigit():
            item_id = int(key[2:])
            answers[item_id] = (value, request.form.get(f"n-{item_id}", ""))
    for key in request.form:
        if key.startswith("n-") and key[2:].isdigit() and int(key[2:]) not in answers:
            answers[int(key[2:])] = ("", request.form.get(key, ""))
    return answers


def _saved(activity_id: int, step: int):
    """After a saved step, the button pressed says where to go: next, previous, or stay."""
    going = request.form.get("aller", "suivant")
    target = step + 1 if going == "suivant" else step - 1 if going == "precedent" else step
    target = min(max(target, 1), LAST_STEP)
    if going == "enregistrer":
        flash("Enregistré.", "success")
    return redirect(url_for("activities.step", activity_id=activity_id, step=target), code=303)


def _form_step(activity: Activity, step: int, person: Person, context: dict):
    activity_id = activity.id  # read before write(), which expires the loaded objects
    form = STEP_FORMS[step](obj=activity)
    status = 200
    if form.validate_on_submit():
        values = form.data
        outcome = write(lambda: services.save_step(activity, by=person, step=step, values=values), form=form)
        if outcome.ok:
            return _saved(activity_id, step)
        status = outcome.status
    elif form.is_submitted():
        status = 422
    return render_template("activities/step.html", form=form, **context), status


def _vigilance_step(activity: Activity, person: Person, context: dict):
    activity_id = activity.id  # read before write(), which expires the loaded objects
    status = 200
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        answers = _vigilance_from_request()
        outcome = write(lambda: services.save_vigilance(activity, by=person, answers=answers))
        if outcome.ok:
            return _saved(activity_id, context["step"])
        flash(outcome.message, "error")
        status = outcome.status
    return render_template(
        "activities/vigilance.html",
        categories=services.vigilance_checklist(),
        answers=services.answers_of(activity),
        **context,
    ), status


@bp.route("/<int:activity_id>/proposition/<int:step>", methods=["GET", "POST"])
def step(activity_id: int, step: int):
    activity = _activity_or_404(activity_id)
    if step < 1 or step > LAST_STEP:
        abort(404)
    if not _can_fill(activity):
        abort(403)
    context = {"ward": g.ward, "activity": activity, "step": step, "titles": services.STEP_TITLES}
    person = acting_person()
    if step in STEP_FORMS:
        return _form_step(activity, step, person, context)
    if step == 5:
        return _vigilance_step(activity, person, context)
    return render_template(
        "activities/review_step.html",
        missing=services.missing_for_submission(activity),
        answers=services.answers_of(activity),
        categories=services.vigilance_checklist(),
        **context,
    )


# --- one activity -------------------------------------------------------------------------


def _detail_context(activity: Activity, **extra) -> dict:
    review = policies.can_see_activity_review(current_user, activity)
    referent_form = None
    if policies.can_appoint_referents(current_user, activity):
        referent_form = ReferentForm(formdata=None)
        taken = {link.person_id for link in activity.referent_links}
        referent_form.person_id.choices = [SelectChoice("", "Choisissez…")] + [
            SelectChoice(p.id, f"{p.display_name} — {p.job_label}")
            for p in services.ward_members(g.ward)
            if p.id not in taken
        ]
    context = {
        "ward": g.ward,
        "activity": activity,
        "history": services.history_of(activity) if review else [],
        "answers": services.answers_of(activity) if review else {},
        "categories": services.vigilance_checklist() if review else [],
        "stop": services.current_stop(activity),
        "orders": services.mission_orders(activity)
        if policies.can_see_mission_order(current_user, activity)
        else [],
        "decision_form": extra.pop("decision_form", None) or DecisionForm(formdata=None),
        "referent_form": extra.pop("referent_form", None) or referent_form,
        "action_labels": services.ACTION_LABELS,
        **discussion.thread_context(activity, form=extra.pop("comment_form", None)),
        "feedback": _feedback(activity),
    }
    context.update(extra)
    return context


def _feedback(activity: Activity):
    """Participants' ratings and comments, for referents, admins and the manager."""
    if not planner_policies.can_see_feedback(current_user, activity):
        return None
    return planner_services.feedback_summary(activity)


@bp.get("/<int:activity_id>")
def detail(activity_id: int):
    activity = _activity_or_404(activity_id)
    return render_template("activities/detail.html", **_detail_context(activity))


# action in the URL → (service, policy, success message, what the message field is for)
ACTIONS = {
    "soumettre": (
        services.submit,
        policies.can_submit_activity,
        "Proposition envoyée aux administrateurs.",
        None,
    ),
    "renvoyer": (
        services.send_back,
        policies.can_question_or_refuse,
        "Vos questions sont envoyées à l'auteur·rice.",
        "reason",
    ),
    "transmettre": (
        services.forward,
        policies.can_review_activity,
        "Transmise à la cadre de soins.",
        "reason",
    ),
    "refuser": (
        services.refuse,
        policies.can_question_or_refuse,
        "Proposition refusée ; l'auteur·rice reçoit la raison.",
        "reason",
    ),
    "autoriser": (
        services.authorise,
        policies.can_authorise_activity,
        "Activité autorisée : elle est active.",
        "reason",
    ),
    "arreter": (
        services.emergency_stop,
        policies.can_emergency_stop,
        "Arrêt d'urgence enregistré ; les personnes concernées sont prévenues.",
        "justification",
    ),
    "reprendre": (services.resume, policies.can_resume_activity, "L'activité reprend.", "reason"),
    "archiver": (services.archive, policies.can_archive_activity, "Activité archivée.", "reason"),
}


# Who takes each action at all (at the right step).
ACTORS = {
    "soumettre": policies.is_activity_proposer,
    "renvoyer": lambda person, activity: policies.can_administer_ward(person, activity.ward),
    "transmettre": lambda person, activity: policies.can_administer_ward(person, activity.ward),
    "refuser": lambda person, activity: policies.can_administer_ward(person, activity.ward),
    "archiver": lambda person, activity: policies.can_administer_ward(person, activity.ward),
    "autoriser": lambda person, activity: policies.is_ward_manager(person, activity.ward),
    "arreter": lambda person, activity: policies.is_ward_manager(person, activity.ward),
    "reprendre": lambda person, activity: policies.is_ward_manager(person, activity.ward),
}
DECISION_RULE = "/<int:activity_id>/<any({}):action>".format(", ".join(ACTIONS))


@bp.post(DECISION_RULE)
@requires_fresh_auth
def decide(activity_id: int, action: str):
    activity = _activity_or_404(activity_id)
    service, policy, success, message_as = ACTIONS[action]
    if not policy(current_user, activity):
        # Someone who may take this action at another step: the activity moved (409); else 403.
        if not ACTORS[action](current_user, activity):
            abort(403)
        return _circuit(
            activity, "Cette action n'est pas possible à cette étape : la page a peut-être changé.", 409
        )
    form = DecisionForm()
    if not form.validate_on_submit():
        return _circuit(activity, "Le message est trop long.", 422, form)
    person = acting_person()
    extra = {message_as: form.reason.data or ""} if message_as else {}
    outcome = write(lambda: service(activity, by=person, **extra), form=form, field="reason")
    if not outcome.ok:
        return _circuit(activity, outcome.message, outcome.status, form)
    return _circuit(activity, success, 200)


def _circuit(activity: Activity, message: str, status: int, form=None):
    """htmx: the circuit panel with its message; otherwise back to the page."""
    if wants_fragment():
        context = _detail_context(activity, decision_form=form or DecisionForm(formdata=None))
        return render_template(
            "activities/_circuit.html", notice=message, notice_error=status >= 400, **context
        ), status
    if status >= 400:
        context = _detail_context(activity, decision_form=form or DecisionForm(formdata=None))
        return render_template("activities/detail.html", notice=message, notice_error=True, **context), status
    flash(message, "error" if status >= 400 else "success")
    return redirect(url_for("activities.detail", activity_id=activity.id), code=303)


# --- referents, mission orders, discussion ------------------------------------------------------


@bp.post("/<int:activity_id>/referents")
@requires_fresh_auth
def add_referent(activity_id: int):
    activity = _activity_or_404(activity_id)
    if not policies.can_appoint_referents(current_user, activity):
        abort(403)
    form = ReferentForm()
    form.person_id.choices = [SelectChoice(p.id, p.display_name) for p in services.ward_members(g.ward)]
    if not form.validate_on_submit():
        flash("Choisissez une personne du service.", "error")
        return redirect(url_for("activities.detail", activity_id=activity.id, _anchor="referents"), code=303)
    person, chosen = acting_person(), db.session.get(Person, form.person_id.data)
    if chosen is None:
        flash("Choisissez une personne du service.", "error")
        return redirect(url_for("activities.detail", activity_id=activity.id, _anchor="referents"), code=303)
    outcome = write(lambda: services.appoint_referent(activity, by=person, person=chosen))
    if outcome.ok:
        flash("Référent·e désigné·e ; la personne est prévenue.", "success")
    else:
        flash(outcome.message, "error")
    return redirect(url_for("activities.detail", activity_id=activity.id, _anchor="referents"), code=303)


@bp.post("/<int:activity_id>/referents/<int:person_id>/retirer")
@requires_fresh_auth
def remove_referent(activity_id: int, person_id: int):
    activity = _activity_or_404(activity_id)
    if not policies.can_appoint_referents(current_user, activity):
        abort(403)
    if not DecisionForm().validate_on_submit():
        abort(400)
    person = acting_person()
    outcome = write(lambda: services.remove_referent(activity, by=person, person_id=person_id))
    if outcome.ok:
        flash("Référent·e retiré·e.", "success")
    else:
        flash(outcome.message, "error")
    return redirect(url_for("activities.detail", activity_id=activity_id, _anchor="referents"), code=303)


@bp.route("/<int:activity_id>/ordre-de-mission", methods=["GET", "POST"])
def mission_order(activity_id: int):
    activity = _activity_or_404(activity_id)
    if not policies.can_manage_mission_order(current_user, activity):
        abort(403)
    form = MissionOrderForm()
    if not form.is_submitted() and not form.participants.data:
        form.participants.data = "\n".join(p.display_name for p in activity.referents)
        form.purpose.data = (
            f"Activité bienveillante « {activity.name} » organisée par le service, sur le temps de travail."
        )
    status = 200
    if form.validate_on_submit():
        person = acting_person()
        fields = {
            "starts_at": paris_to_utc(form.starts_at.data),
            "ends_at": paris_to_utc(form.ends_at.data),
            "purpose": form.purpose.data,
            "destination": form.destination.data or "",
            "participants": form.participants.data or "",
        }
        outcome = write(lambda: services.save_mission_order(activity, by=person, **fields), form=form)
        if outcome.ok:
            flash("Ordre de mission établi : imprimez-le et faites-le signer.", "success")
            return redirect(
                url_for("activities.print_mission_order", activity_id=activity_id, order_id=outcome.value.id),
                code=303,
            )
        status = outcome.status
    elif form.is_submitted():
        status = 422
    return render_template(
        "activities/mission_order_form.html", ward=g.ward, activity=activity, form=form
    ), status


@bp.get("/<int:activity_id>/ordre-de-mission/<int:order_id>")
def print_mission_order(activity_id: int, order_id: int):
    activity = _activity_or_404(activity_id)
    if not policies.can_see_mission_order(current_user, activity):
        abort(403)
    order = db.session.get(MissionOrder, order_id)
    if order is None or order.activity_id != activity.id:
        abort(404)
    return render_template(
        "activities/mission_order.html", ward=g.ward, activity=activity, order=order, today=utcnow()
    )


@bp.post("/<int:activity_id>/commentaires")
def comment(activity_id: int):
    activity = _activity_or_404(activity_id)
    if not policies.can_comment_activity(current_user, activity):
        abort(403)
    return discussion.post_comment(
        activity,
        detail_page=lambda form: render_template(
            "activities/detail.html", **_detail_context(activity, comment_form=form)
        ),
    )
