"""Thin views for accounts: load, check, one write, answer.

The slow Argon2 work (checking a password at log-in, hashing a new one) happens before the
write, in the reading part of the request; `write()` then holds the database only for the
few statements that record the result."""

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user
from wtforms.fields.choices import SelectChoice

from app.auth import bp
from app.auth.forms import (
    ChangePasswordForm,
    ConfirmPasswordForm,
    EmptyForm,
    InvitationForm,
    LoginForm,
    RegistrationForm,
)
from app.auth.passwords import verify_password
from app.auth.services import (
    accept_invitation_existing,
    accept_invitation_new_account,
    change_password,
    check_login,
    check_password_change,
    find_invitation,
    log_out,
    memberships_of,
    new_account,
    open_wards,
    record_login,
    request_access,
)
from app.core.errors import DomainError, attach_error
from app.core.security import mark_reauthenticated, mark_shared_workstation, safe_next, start_session
from app.core.writes import write
from app.extensions import limiter
from app.models import Person, Ward
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


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], error_message="Trop de tentatives depuis ce poste.")
def login():
    g.private_page = True
    form = LoginForm(next=request.args.get("next", ""))
    if not form.is_submitted():
        form.shared.data = workstation.workstation_ward(request.remote_addr or "") is not None
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(request.args.get("next"), _landing(current_user)))
    if form.validate_on_submit():
        ip, agent = _client()
        check = check_login(form.matricule.data, form.password.data)  # reads only
        result = write(lambda: record_login(check, ip=ip, user_agent=agent)).value
        if result.person is not None:
            start_session(result.person)
            if form.shared.data:
                mark_shared_workstation(workstation.idle_seconds(ip))
            flash(f"Bonjour {result.person.first_name} !", "success")
            if result.person.must_change_password:
                flash("Choisissez maintenant votre propre mot de passe.", "info")
                return redirect(url_for("auth.account"), code=303)
            return redirect(safe_next(form.next.data, _landing(result.person)), code=303)
        form.form_errors.append(result.error)
    form.password.data = ""
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/deconnexion")
@login_required
def logout():
    person = current_user._get_current_object()
    write(lambda: log_out(person))
    logout_user()
    from flask import session

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
        if verify_password(current_user.password_hash, form.password.data):
            mark_reauthenticated()
            return redirect(safe_next(form.next.data, url_for("public.home")), code=303)
        form.password.errors = ["Mot de passe incorrect."]
    status = 422 if form.is_submitted() else 200
    return render_template("auth/confirm.html", form=form), status


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
    if form.validate_on_submit():
        ward = next(w for w in wards if w.slug == form.ward.data)
        account = _new_account(form, ward)
        if account is not None:
            message = form.message.data or ""
            outcome = write(lambda: request_access(ward, account, message=message), form=form)
            if outcome.ok:
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
            person = current_user._get_current_object()
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
    person = current_user._get_current_object()
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
