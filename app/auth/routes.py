"""Thin views for accounts: load, check, call one service, commit, answer."""

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user
from sqlalchemy import select
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
    attempt_login,
    change_password,
    find_invitation,
    log_out,
    request_access,
)
from app.core.errors import DomainError, attach_error
from app.core.security import mark_reauthenticated, safe_next, start_session
from app.extensions import db, limiter
from app.models import Membership, Ward


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _client() -> tuple[str, str]:
    return request.remote_addr or "", request.headers.get("User-Agent", "")


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], error_message="Trop de tentatives depuis ce poste.")
def login():
    g.private_page = True
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(request.args.get("next"), url_for("public.home")))
    if form.validate_on_submit():
        ip, agent = _client()
        result = attempt_login(form.matricule.data, form.password.data, ip=ip, user_agent=agent)
        db.session.commit()  # the attempt is recorded whatever the outcome
        if result.person is not None:
            start_session(result.person)
            flash(f"Bonjour {result.person.first_name} !", "success")
            if result.person.must_change_password:
                flash("Choisissez maintenant votre propre mot de passe.", "info")
                return redirect(url_for("auth.account"), code=303)
            return redirect(safe_next(form.next.data, url_for("public.home")), code=303)
        form.form_errors.append(result.error)
    form.password.data = ""
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/deconnexion")
@login_required
def logout():
    log_out(current_user)
    db.session.commit()
    logout_user()
    from flask import session

    session.clear()
    flash("Vous êtes déconnecté·e. À bientôt !", "success")
    return redirect(url_for("public.home"), code=303)


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


def _open_wards() -> list[Ward]:
    return list(db.session.scalars(select(Ward).where(Ward.accepts_requests).order_by(Ward.name)))


@bp.route("/inscription", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register():
    g.private_page = True
    if current_user.is_authenticated:
        flash("Vous avez déjà un compte : demandez l'accès depuis la page du service.", "info")
        return redirect(url_for("public.home"))
    wards = _open_wards()
    form = RegistrationForm(ward=request.args.get("service", ""))
    form.ward.choices = [SelectChoice("", "Choisissez…")] + [SelectChoice(w.slug, w.name) for w in wards]
    if form.validate_on_submit():
        ward = next(w for w in wards if w.slug == form.ward.data)
        try:
            request_access(
                ward,
                matricule=form.matricule.data,
                first_name=form.first_name.data,
                last_name=form.last_name.data,
                job=form.job.data,
                email=form.email.data,
                password=form.password.data,
                message=form.message.data or "",
            )
            db.session.commit()
            return render_template("auth/registered.html", ward=ward)
        except DomainError as error:
            db.session.rollback()
            attach_error(form, error)
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
            try:
                accept_invitation_existing(found, by=current_user)
                db.session.commit()
                flash(f"Bienvenue dans l'espace « {found.ward.name} » !", "success")
                return redirect(url_for("wards.home", ward_slug=found.ward.slug), code=303)
            except DomainError as error:
                db.session.rollback()
                flash(error.message, "error")
                return redirect(url_for("public.home"), code=303)
        return render_template("auth/invitation_join.html", invitation=found, form=form)
    form = InvitationForm()
    if form.validate_on_submit():
        try:
            person = accept_invitation_new_account(
                found,
                matricule=form.matricule.data,
                first_name=form.first_name.data,
                last_name=form.last_name.data,
                job=form.job.data,
                email=form.email.data,
                password=form.password.data,
            )
            db.session.commit()
            start_session(person)
            flash(f"Bienvenue dans l'espace « {found.ward.name} » !", "success")
            return redirect(url_for("wards.home", ward_slug=found.ward.slug), code=303)
        except DomainError as error:
            db.session.rollback()
            attach_error(form, error)
    form.password.data = ""
    status = 422 if form.is_submitted() else 200
    return render_template("auth/invitation.html", invitation=found, form=form), status


@bp.route("/moi", methods=["GET", "POST"])
@login_required
def account():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current_password.data, form.new_password.data)
            db.session.commit()
            start_session(current_user._get_current_object())  # new version: keep this session
            flash("Votre mot de passe a été changé. Vos autres sessions sont fermées.", "success")
            return redirect(url_for("auth.account"), code=303)
        except DomainError as error:
            db.session.rollback()
            attach_error(form, error)
    memberships = db.session.scalars(
        select(Membership)
        .where(Membership.person_id == current_user.id)
        .join(Membership.ward)
        .order_by(Ward.name)
    ).all()
    status = 422 if form.is_submitted() else 200
    return render_template("auth/account.html", form=form, memberships=memberships), status
