"""Template helpers (assets, navigation, policies), French error pages, page-or-fragment."""

import hashlib
import importlib
import importlib.util
import logging
import pkgutil
import secrets
from functools import cache
from pathlib import Path
from types import SimpleNamespace

from flask import Flask, current_app, g, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError

import app as app_package
from app import policies
from app.core import timefmt
from app.core.text import excerpt, plain_text_with_links, render_markdown
from app.core.writes import DatabaseBusyError
from app.extensions import db, htmx
from app.models import Person
from app.models.sanctions import until_words
from app.notifications.services import unread_count as unread_notifications
from app.standing import my_sanctions_of, suspension_notice, ward_suspension

log = logging.getLogger("atc.web")

# The ward space's navigation: (label, endpoint, policy). Entries whose endpoint is not
# registered yet are left out, so the bar only ever links to pages that exist.
WARD_NAV = (
    ("Tableau", "wards.home", policies.can_view_ward),
    ("Ma pause", "pause.index", policies.can_view_ward),
    ("Activités", "activities.index", policies.can_view_ward),
    ("Planning", "planner.week", policies.can_view_ward),
    ("Post-it", "postits.board", policies.can_view_ward),
    ("Agenda", "agenda.month", policies.can_view_ward),
    ("Membres", "directory.index", policies.can_view_ward),
    ("Documents", "documents.index", policies.can_view_ward),
    ("Admin", "ward_admin.index", policies.can_administer_ward),
)

# Pages of a blueprint without a tab of its own mark the tab they belong to.
TAB_OF_BLUEPRINT = {"shifts": "planner"}


@cache
def _fingerprint(static_folder: str, filename: str) -> str:
    path = Path(static_folder) / filename
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return "0"


def asset(filename: str) -> str:
    """URL of a static file with a content fingerprint, so it can be cached for a year."""
    version = _fingerprint(current_app.static_folder, filename)
    return url_for("static", filename=filename, v=version)


def policy_namespace() -> SimpleNamespace:
    """`can.<policy>(person, thing)` in templates: app/policies.py and every
    app/<feature>/policies.py, so templates ask the same functions as views."""
    functions = {}
    modules = [policies]
    for info in pkgutil.iter_modules(app_package.__path__):
        if info.ispkg and importlib.util.find_spec(f"app.{info.name}.policies"):
            modules.append(importlib.import_module(f"app.{info.name}.policies"))
    for module in modules:
        for name, value in vars(module).items():
            if callable(value) and name.startswith(("can_", "is_", "membership_of", "role_in")):
                functions[name] = value
    return SimpleNamespace(**functions)


def ward_nav(ward):
    """(label, href, current) of each tab the person may open; the current tab is the one
    whose blueprint serves the page (the planner's "Mes inscriptions" marks "Planning")."""
    items = []
    here = TAB_OF_BLUEPRINT.get(request.blueprint, request.blueprint)
    for label, endpoint, policy in WARD_NAV:
        if endpoint in current_app.view_functions and policy(current_user, ward):
            tab = endpoint.partition(".")[0]
            current = request.endpoint == endpoint or (tab != "wards" and here == tab)
            items.append((label, url_for(endpoint, ward_slug=ward.slug), current))
    return items


def unread_count() -> int:
    """The bell's number, once per request (app.notifications.services.unread_count)."""
    if not current_user.is_authenticated:
        return 0
    if "unread" not in g:
        g.unread = unread_notifications(current_user.id)
    return g.unread


def acting_person() -> Person:
    """The logged-in person as the plain `Person` behind the `current_user` proxy: what views
    hand to services (`by=`) and to the lambdas they run through write()."""
    return current_user._get_current_object()  # noqa: SLF001 (Werkzeug's documented way to unwrap a proxy)


def wants_fragment() -> bool:
    """htmx asked for a part of the page (not a boosted link or a history restore)."""
    g.vary_hx = True
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page_or_fragment(page: str, fragment: str, **context):
    """One URL, one context: the fragment for htmx, the whole page otherwise."""
    return render_template(fragment if wants_fragment() else page, **context)


def _error_page(status: int, template: str, **context):
    if wants_fragment() and status in (403, 404):
        return render_template("errors/_inline.html", status=status, **context), status
    return render_template(template, status=status, **context), status


def init_app(app: Flask) -> None:
    timefmt.register_filters(app)
    app.jinja_env.filters.update(
        excerpt=excerpt,
        plain_links=plain_text_with_links,
        markdown=lambda text, ward: render_markdown(
            text, image_prefix=url_for("documents.index", ward_slug=ward.slug)
        ),
        markdown_public=render_markdown,
        until_words=until_words,
    )
    app.jinja_env.globals.update(
        asset=asset, can=policy_namespace(), ward_nav=ward_nav, unread_count=unread_count
    )
    app.jinja_env.globals.update(
        ward_suspension=ward_suspension,
        suspension_notice=suspension_notice,
        my_sanctions_of=my_sanctions_of,
        now_utc=timefmt.utcnow,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    _csrf_error_page(app)
    _status_pages(app)
    _failure_pages(app)


def _csrf_error_page(app: Flask) -> None:
    """A failed CSRF check: htmx reloads the page (fresh token), a plain form gets a French 400."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        log.warning("csrf_failure path=%s reason=%s", request.path, error.description)
        if htmx:
            response = app.make_response(("", 400))
            response.headers["HX-Refresh"] = "true"
            return response
        return render_template("errors/400.html", csrf=True), 400


def _status_pages(app: Flask) -> None:
    """French error pages, an inline part when htmx asked for a fragment."""

    @app.errorhandler(400)
    def bad_request(_exc):
        return _error_page(400, "errors/400.html")

    @app.errorhandler(403)
    def forbidden(error):
        log.info("access_refused path=%s person=%s", request.path, getattr(current_user, "id", "-"))
        return _error_page(
            403, "errors/403.html", ward=g.get("ward"), detail=getattr(error, "description", None)
        )

    @app.errorhandler(404)
    def not_found(_exc):
        return _error_page(404, "errors/404.html")

    @app.errorhandler(405)
    def method_not_allowed(_exc):
        return _error_page(405, "errors/405.html")

    @app.errorhandler(413)
    def too_large(_exc):
        return _error_page(413, "errors/413.html")

    @app.errorhandler(429)
    def too_many(_exc):
        return _error_page(429, "errors/429.html")


def _failure_pages(app: Flask) -> None:
    """A busy database (503, try again) and any unexpected error (500 with an incident code)."""

    @app.errorhandler(DatabaseBusyError)
    def database_busy(_exc):
        log.warning("database_busy path=%s", request.path)
        db.session.rollback()
        response = app.make_response((render_template("errors/503.html"), 503))
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(500)
    def server_error(error):
        incident = secrets.token_hex(4).upper()
        log.error(
            "incident=%s path=%s", incident, request.path, exc_info=getattr(error, "original_exception", None)
        )
        db.session.rollback()
        return render_template("errors/500.html", incident=incident), 500
