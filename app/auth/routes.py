"""Thin views for accounts: load, check, one write, answer.

The slow Argon2 work (checking a password at log-in, hashing a new one) happens before the
write, in the reading part of the request; `write()` then holds the database only for the
few statements that record the result."""

import time

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, logout_user
from wtforms.fields.choices import SelectChoice

from app.auth import bp
from app.auth.forms import (
    ChangePasswordForm,
    ConfirmPasswordForm,
    EmptyForm,
    InvitationForm,
    LoginForm,
    ReapplyForm,
    RegistrationForm,
)
from app.auth.passwords import password_problems
from app.auth.reauth import confirm_password
from app.auth.services import (
    accept_invitation_existing,
    accept_invitation_new_account,
    ask_again,
    change_password,
    check_login,
    check_password_change,
    context_words,
    find_invitation,
    log_out,
    memberships_of,
    new_account,
    open_wards,
    record_login,
    request_access,
)
from app.core.errors import DomainError, attach_error
from app.core.security import mark_shared_workstation, safe_next, start_session
from app.core.web import acting_person
from app.core.writes import write
from app.extensions import db, limiter
from app.models import JoinRequest, Person, Ward
from app.wards import LAST_WARD_COOKIE, workstation
from app.wards.services import landing_ward


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _landing(person: Person) -> str:
    """After log-in, where she works: her ward's home (the last one used when several)."""
    ward = landing_ward(person, request.cookies.get(LAST_WARD_COOKIE))
    return url_for("wards.home", ward_slug=ward.slug) if ward else url_for("public.home")


def _client() -> tuple[str, str]:
    return request.remote_addr or "", request.headers.get("User-Agent", "")


def _checked(form, work):
    """Run a check that writes nothing (password rules, Argon2); a refusal goes on the form
    and gives None."""
    try:
        return work()
    except DomainError as error:
        attach_error(form, error)
        return None


def _new_account(form, ward: Ward):
    return _checked(
        form,
        lambda: new_account(
            matricule=form.matricule.data,
            first_name=form.first_name.data,
            last_name=form.last_name.data,
            job=form.job.data,
            email=form.email.data,
            password=form.password.data,
            ward=ward,
        ),
    )


def _tell_failures(count: int) -> None:
    """At a successful log-in: the failed attempts on the account since the last visit."""
    if not count:
        return
    plural = "s" if count > 1 else ""
    flash(
        f"{count} tentative{plural} de connexion échouée{plural} sur votre compte depuis votre "
        "dernière visite. Si ce n'était pas vous, changez votre mot de passe.",
        "info",
    )


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], error_message="Trop de tentatives depuis ce poste.")
def login():
    g.private_page = True
    form = LoginForm(next=request.args.get("next", ""))
    if not form.is_submitted():
        form.shared.data = workstation.workstation_ward(request.remote_addr or "") is not None
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(request.args.get("next"), _landing(current_user)))
    reapply = None
    if form.validate_on_submit():
        ip, agent = _client()
        check = check_login(form.matricule.data, form.password.data, ip)  # reads only
        result = write(lambda: record_login(check, ip=ip, user_agent=agent)).value
        if check.refusal_id is not None:
            reapply = _offer_to_ask_again(check)
        if result.person is not None:
            start_session(result.person)
            if form.shared.data:
                mark_shared_workstation(workstation.idle_seconds(ip))
            flash(f"Bonjour {result.person.first_name} !", "success")
            _tell_failures(check.failures)
            if result.person.must_change_password:
                flash("Choisissez maintenant votre propre mot de passe.", "info")
                return redirect(url_for("auth.account"), code=303)
            return redirect(safe_next(form.next.data, _landing(result.person)), code=303)
        form.form_errors.append(result.error)
    form.password.data = ""
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form, reapply=reapply), status


REAPPLY_WINDOW = 600  # seconds: the offer to ask again follows a right password only


def _reapply_form(formdata=None, ward_slug: str = "") -> ReapplyForm:
    form = ReapplyForm(formdata=formdata, ward=ward_slug) if formdata is None else ReapplyForm()
    form.ward.choices = [SelectChoice("", "Choisissez…")]
    form.ward.choices += [SelectChoice(w.slug, w.name) for w in open_wards()]
    return form


def _offer_to_ask_again(check) -> ReapplyForm:
    """The password was right and the last request refused: the form to ask again, for
    this browser session only (the account stays without a session: it is not active)."""
    session["reapply"] = {"person": check.person_id, "at": int(time.time())}
    refusal = db.session.get(JoinRequest, check.refusal_id)
    return _reapply_form(ward_slug=refusal.ward.slug if refusal else "")


@bp.post("/connexion/redemander")
@limiter.limit("20 per hour")
def reapply():
    g.private_page = True
    offer = session.get("reapply") or {}
    person = db.session.get(Person, offer.get("person") or 0)
    if person is None or time.time() - offer.get("at", 0) > REAPPLY_WINDOW:
        session.pop("reapply", None)
        flash("Connectez-vous d'abord avec votre matricule et votre mot de passe.", "info")
        return redirect(url_for("auth.login"))
    form = _reapply_form(formdata=request.form)
    if form.validate_on_submit():
        ward = next((w for w in open_wards() if w.slug == form.ward.data), None)
        if ward is None:
            form.ward.errors = ["Choisissez un service de la liste."]
        else:
            message = form.message.data or ""
            outcome = write(lambda: ask_again(person, ward, message=message), form=form, field="ward")
            if outcome.ok:
                session.pop("reapply", None)
                return render_template("auth/registered.html", ward=ward)
    return render_template("auth/login.html", form=LoginForm(formdata=None), reapply=form), 422


@bp.post("/deconnexion")
@login_required
def logout():
    person = acting_person()
    write(lambda: log_out(person))
    logout_user()
    shared = session.get("shared_idle")
    session.clear()
    flash("Vous êtes déconnecté·e. À bientôt !", "success")
    # On the ward's shared computer the next colleague logs in: the form, ready.
    return redirect(url_for("auth.login" if shared else "public.home"), code=303)


@bp.post("/poste-partage/encore")
@login_required
def still_here():
    """ "Je suis encore là" on a shared workstation: the request itself restarts the idle
    time (app.core.security); nothing else happens."""
    return "", 204


@bp.route("/confirmer", methods=["GET", "POST"])
@login_required
def confirm():
    """Ask the password again before the admin space (the specification's second step)."""
    form = ConfirmPasswordForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        error = confirm_password(form.password.data)  # throttled like log-in
        if error is None:
            return redirect(safe_next(form.next.data, url_for("public.home")), code=303)
        form.password.errors = [error]
    status = 422 if form.is_submitted() else 200
    return render_template("auth/confirm.html", form=form), status


def _password_rules_shown(form) -> bool:
    """The password's own rules, checked with the other fields (not after them)."""
    if not form.is_submitted() or not form.password.data or form.password.errors:
        return not form.password.errors
    problems = password_problems(
        form.password.data,
        context=context_words(
            matricule=form.matricule.data or "",
            names=(form.first_name.data or "", form.last_name.data or "", form.ward.data or ""),
        ),
    )
    if problems:
        form.password.errors = [*form.password.errors, problems[0]]
    return not problems


@bp.route("/inscription", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register():
    g.private_page = True
    if current_user.is_authenticated:
        flash("Vous avez déjà un compte : demandez l'accès depuis la page du service.", "info")
        return redirect(url_for("public.home"))
    wards = open_wards()
    form = RegistrationForm(ward=request.args.get("service", ""))
    form.ward.choices = [SelectChoice("", "Choisissez…")] + [SelectChoice(w.slug, w.name) for w in wards]
    valid = form.validate_on_submit()
    valid = _password_rules_shown(form) and valid  # every error of the form at once
    if valid:
        ward = next(w for w in wards if w.slug == form.ward.data)
        account = _new_account(form, ward)
        if account is not None:
            message = form.message.data or ""
            outcome = write(lambda: request_access(ward, account, message=message), form=form)
            if outcome.ok:  # the same page whether the matricule had an account or not
                return render_template("auth/registered.html", ward=ward)
    form.password.data = ""
    status = 422 if form.is_submitted() else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def invitation(token: str):
    g.private_page = True
    found = find_invitation(token)
    if found is None:
        return render_template("auth/invitation_invalid.html"), 404
    if current_user.is_authenticated:
        form = EmptyForm()
        if form.validate_on_submit():
            person = acting_person()
            outcome = write(lambda: accept_invitation_existing(found, by=person))
            if not outcome.ok:
                flash(outcome.message, "error")
                return redirect(url_for("public.home"), code=303)
            flash(f"Bienvenue dans l'espace « {found.ward.name} » !", "success")
            return redirect(url_for("wards.home", ward_slug=found.ward.slug), code=303)
        return render_template("auth/invitation_join.html", invitation=found, form=form)
    form = InvitationForm()
    if form.validate_on_submit():
        account = _new_account(form, found.ward)
        if account is not None:
            outcome = write(lambda: accept_invitation_new_account(found, account), form=form)
            if outcome.ok:
                start_session(outcome.value)
                flash(f"Bienvenue dans l'espace « {found.ward.name} » !", "success")
                return redirect(url_for("wards.home", ward_slug=found.ward.slug), code=303)
    form.password.data = ""
    status = 422 if form.is_submitted() else 200
    return render_template("auth/invitation.html", invitation=found, form=form), status


@bp.route("/moi", methods=["GET", "POST"])
@login_required
def account():
    form = ChangePasswordForm()
    person = acting_person()
    if form.validate_on_submit():
        secret = _checked(
            form, lambda: check_password_change(person, form.current_password.data, form.new_password.data)
        )
        if secret is not None:
            outcome = write(lambda: change_password(person, password_hash=secret, by=person), form=form)
            if outcome.ok:
                start_session(person)  # new version: keep this session
                flash("Votre mot de passe a été changé. Vos autres sessions sont fermées.", "success")
                return redirect(url_for("auth.account"), code=303)
    memberships = memberships_of(person)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/account.html", form=form, memberships=memberships), status
