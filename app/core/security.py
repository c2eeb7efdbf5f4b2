"""Sessions, log-in loading, idle timeout, re-authentication, safe redirects, headers."""

import time
from urllib.parse import urlsplit

from flask import Flask, flash, g, make_response, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.middleware.proxy_fix import ProxyFix

from app.extensions import db, htmx, login_manager
from app.models import Person

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


# What a person with a provisional password may still reach.
PASSWORD_CHANGE_ENDPOINTS = {"auth.account", "auth.logout", "static", "public.health"}


# What a person with a provisional password may still reach.
PASSWORD_CHANGE_ENDPOINTS = {"auth.account", "auth.logout", "static", "public.health"}


# Requests that are not a person's activity (they do not push back the idle timeout).
IDLE_ENDPOINTS = {"static", "notifications.bell"}


def safe_next(target: str | None, fallback: str = "/") -> str:
    """Only same-site relative paths: `//evil.fr`, `/\\evil.fr`, `javascript:` → fallback."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return fallback
    if "\\" in target or any(ord(c) < 32 for c in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def htmx_aware_redirect(location: str, status: int = 303):
    """A full-page redirect, also when the request came from htmx (HX-Redirect)."""
    if htmx:
        response = make_response("", 204)
        response.headers["HX-Redirect"] = location
        return response
    return redirect(location, code=status)


def mark_reauthenticated() -> None:
    session["reauth_at"] = int(time.time())


def is_recently_authenticated(app: Flask) -> bool:
    window = app.config["REAUTH_WINDOW"].total_seconds()
    return time.time() - session.get("reauth_at", 0) < window


def mark_shared_workstation(idle_seconds: int) -> None:
    """A session on a ward's shared computer: it ends after `idle_seconds` without a request
    (the page shows the countdown and "Terminer")."""
    session["shared_idle"] = int(idle_seconds)


def start_session(person: Person) -> None:
    """After a successful log-in: a new session, bounded in time."""
    session.clear()
    session.permanent = True
    login_user(person, remember=False)
    now = int(time.time())
    session["login_at"] = now
    session["seen_at"] = now
    session["reauth_at"] = now


def init_app(app: Flask) -> None:
    if app.config.get("TRUSTED_PROXIES"):
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    login_manager.session_protection = "strong"
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Connectez-vous pour accéder à cette page."
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_person(session_id: str):
        person_id, _, version = session_id.partition(":")
        if not person_id.isdigit() or not version.isdigit():
            return None
        person = db.session.get(Person, int(person_id))
        if person is None or person.session_version != int(version) or not person.is_active:
            return None
        return person

    @login_manager.unauthorized_handler
    def unauthorized():
        flash("Connectez-vous pour accéder à cette page.", "info")
        target = url_for("auth.login", next=request.full_path.rstrip("?"))
        if htmx:
            response = make_response("", 401)
            response.headers["HX-Redirect"] = target
            return response
        return redirect(target)

    _session_bounds(app)
    _security_headers(app)


def _session_bounds(app: Flask) -> None:
    """Idle and absolute timeouts; a provisional password must be changed first."""

    @app.before_request
    def enforce_session_bounds():
        if not current_user.is_authenticated:
            return None
        now = int(time.time())
        shared = session.get("shared_idle")  # a ward's shared workstation: a short idle time
        idle = shared or app.config["IDLE_TIMEOUT"].total_seconds()
        absolute = app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
        if now - session.get("seen_at", now) > idle or now - session.get("login_at", now) > absolute:
            logout_user()
            session.clear()
            flash("Votre session a expiré : reconnectez-vous.", "info")
            return None
        # The bell's background poll is not activity: it must not keep an idle session alive.
        if request.endpoint not in IDLE_ENDPOINTS and (shared or now - session.get("seen_at", 0) > 30):
            session["seen_at"] = now  # refresh at most twice a minute: fewer cookie writes
        if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS:
            flash("Choisissez d'abord votre propre mot de passe.", "info")
            return htmx_aware_redirect(url_for("auth.account"), 303)
        return None


def _security_headers(app: Flask) -> None:
    """Strict headers on every answer; long caching for fingerprinted static files only."""

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["X-Frame-Options"] = "DENY"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if app.config.get("HSTS"):
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.endpoint == "static":
            if request.args.get("v"):
                headers["Cache-Control"] = "public, max-age=31536000, immutable"
        elif current_user.is_authenticated or g.get("private_page"):
            headers["Cache-Control"] = "no-store"
        if getattr(g, "vary_hx", False) or request.headers.get("HX-Request"):
            response.vary.add("HX-Request")
        return response
