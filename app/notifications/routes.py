"""My notifications: the page (grouped by day, paged with htmx), opening one, all read, the bell,
unsubscribing from a mail, and my choices on /moi (its "Mes notifications" section)."""

from datetime import time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.auth.forms import EmptyForm
from app.core.security import safe_next
from app.core.web import acting_person, wants_fragment
from app.core.writes import write
from app.extensions import csrf
from app.notifications import bp, mail, services, settings
from app.notifications.forms import CATEGORY_FIELDS, PreferencesForm


def _bell_context(oob: bool = False) -> dict:
    return {"unread": services.unread_count(current_user.id), "oob": oob}


@bp.get("/notifications")
@login_required
def index():
    before = request.args.get("avant", type=int)
    days, more = services.history(current_user, before=before)
    context = {"days": days, "more": more, "form": EmptyForm()}
    if before and wants_fragment():
        return render_template("notifications/_page.html", **context)
    return render_template("notifications/index.html", **context)


@bp.post("/notifications/<int:notification_id>")
@login_required
def open_one(notification_id: int):
    """Mark it read, then go where it points (a path of this site only). A POST: no GET
    changes anything (a prefetch or a link scanner must not mark it read)."""
    person = acting_person()
    note = services.mine(person, notification_id)
    if note is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    target = safe_next(note.link, fallback=url_for("notifications.index"))
    write(lambda: services.mark_read(note, by=person))
    return redirect(target, code=303)


@bp.post("/notifications/tout-lu")
@login_required
def mark_all():
    person = acting_person()
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    outcome = write(lambda: services.mark_all_read(by=person))
    if wants_fragment():
        days, more = services.history(person)
        return render_template(
            "notifications/_list.html", days=days, more=more, form=form, **_bell_context(oob=True)
        )
    if outcome.value:
        flash("Toutes vos notifications sont marquées comme lues.", "success")
    return redirect(url_for("notifications.index"), code=303)


@bp.get("/notifications/cloche")
@login_required
def bell():
    """The bell alone, for the once-a-minute poll of every page (one indexed query)."""
    response = render_template("notifications/_bell.html", **_bell_context())
    return response, 200, {"Cache-Control": "no-store"}


@bp.get("/notifications/desabonnement/<token>")
def unsubscribe_page(token: str):
    """From a mail's link: what the button will do (a GET changes nothing: mail scanners
    open links)."""
    found = mail.read_unsubscribe_token(token)
    if found is None:
        return render_template("notifications/unsubscribe.html", invalid=True), 400
    label = (
        services.DIGEST_LABEL
        if found[1] == services.DIGEST
        else services.CATEGORIES.get(found[1], ("Autres notifications",))[0]
    )
    return render_template("notifications/unsubscribe.html", invalid=False, label=label, token=token)


@bp.post("/notifications/desabonnement/<token>")
@csrf.exempt  # one-click (RFC 8058): the mail program posts without a session; the token decides
def unsubscribe(token: str):
    found = mail.read_unsubscribe_token(token)
    if found is None:
        return render_template("notifications/unsubscribe.html", invalid=True), 400
    outcome = write(lambda: services.unsubscribe(*found))
    return render_template("notifications/unsubscribe.html", invalid=False, done=True, label=outcome.value)


# --- my choices (the "Mes notifications" section of /moi) ---------------------------------


def _as_time(minutes: int | None) -> time | None:
    return None if minutes is None else time(minutes // 60, minutes % 60)


def preferences_context(person, form: PreferencesForm | None = None, message: str = "") -> dict:
    setting = services.setting_of(person.id)
    if form is None:
        channels = services.channels_of(setting)
        form = PreferencesForm(
            formdata=None,
            email=(setting.email if setting else None) or person.email or "",
            quiet_from=_as_time(setting.quiet_from if setting else None),
            quiet_to=_as_time(setting.quiet_to if setting else None),
            quiet_urgent=bool(setting and setting.quiet_urgent),
            weekly_digest=bool(setting and setting.weekly_digest),
            **{name: channels[key] for key, name in CATEGORY_FIELDS.items()},
        )
    return {"form": form, "setting": setting, "mail_on": services.mail_enabled(), "message": message}


@bp.app_template_global()
def notification_preferences() -> dict:
    """For /moi's section, so the account view needs no change."""
    return preferences_context(current_user)


def _preferences_answer(prefs: dict, status: int = 200):
    template = "notifications/_preferences.html" if wants_fragment() else "notifications/preferences.html"
    return render_template(template, prefs=prefs), status


@bp.post("/moi/notifications")
@login_required
def preferences():
    person = acting_person()
    form = PreferencesForm()
    if not form.validate_on_submit():
        return _preferences_answer(preferences_context(person, form), 422)
    outcome = write(
        lambda: settings.save(
            person,
            channels={key: form[name].data for key, name in CATEGORY_FIELDS.items()},
            email=form.email.data or "",
            quiet_from=form.quiet_from.data,
            quiet_to=form.quiet_to.data,
            quiet_urgent=form.quiet_urgent.data,
            weekly_digest=form.weekly_digest.data,
        ),
        form=form,
    )
    if not outcome.ok:
        return _preferences_answer(preferences_context(person, form), outcome.status)
    message = "Vos choix sont enregistrés."
    if outcome.value:
        message += (
            f" Un lien de confirmation part vers {outcome.value}\u00a0: ouvrez-le pour recevoir les e-mails."
        )
    if wants_fragment():
        return _preferences_answer(preferences_context(person, message=message))
    flash(message, "success")
    return redirect(url_for("auth.account") + "#moi-notifications", code=303)


@bp.route("/moi/notifications/confirmer/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    """The link of the confirmation mail (no session needed: the signed token decides).
    The link shows a button; only its POST confirms (mail scanners open links)."""
    found = settings.read_confirmation(token)
    if found is None:
        message = "Ce lien de confirmation n'est pas valable ou a expiré\u00a0: rien n'a été changé."
        return render_template("notifications/confirm_email.html", ok=False, message=message), 400
    form = EmptyForm()
    if not form.validate_on_submit():
        return render_template("notifications/confirm_email.html", ask=True, email=found[1], form=form)
    outcome = write(lambda: settings.confirm(*found))
    if not outcome.ok:
        return render_template("notifications/confirm_email.html", ok=False, message=outcome.message), 400
    return render_template("notifications/confirm_email.html", ok=True, email=found[1])
