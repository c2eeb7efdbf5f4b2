"""Headers, CSRF, cookies, the append-only audit log, production refusals."""

import pytest
from flask_login import login_user
from flask_login.config import COOKIE_NAME
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

from app import create_app
from app.config import ProductionConfig
from app.extensions import db
from app.models import AuditEntry
from app.models.records import AppendOnlyError
from app.records.services import audit
from tests.conftest import CSRF_RE
from tests.factories import PASSWORD


def test_strict_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_inline_script_or_style_in_pages(client, make):
    ward = make.ward()
    make.person(ward=ward)
    for url in ("/", "/connexion", "/inscription"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>" not in page
        assert " style=" not in page
        assert " onclick=" not in page
        assert "hx-on" not in page


def test_session_cookie_flags(client):
    cookie = client.get("/connexion").headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_private_pages_are_not_cached(login_as, make):
    ward = make.ward()
    client = login_as(make.person(ward=ward))
    assert client.get("/s/hematologie/").headers["Cache-Control"] == "no-store"


def test_static_files_fingerprinted_and_cached(client):
    page = client.get("/").get_data(as_text=True)
    assert "/static/css/app.css?v=" in page
    url = page.split('href="/static/css/app.css?v=')[1].split('"')[0]
    response = client.get(f"/static/css/app.css?v={url}")
    assert "immutable" in response.headers["Cache-Control"]


def test_csrf_refused_without_token(client, make):
    ward = make.ward()
    make.person(ward=ward, matricule="123456")
    response = client.post("/connexion", {"matricule": "123456", "password": "x" * 20}, csrf=False)
    assert response.status_code == 400
    assert "formulaire a expiré" in response.get_data(as_text=True)


def test_csrf_failure_on_htmx_asks_for_refresh(client):
    response = client.post("/connexion", {"matricule": "1"}, csrf=False, htmx=True)
    assert response.status_code == 400
    assert response.headers["HX-Refresh"] == "true"


def test_unknown_ward_is_a_french_404(client):
    response = client.get("/s/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_production_refuses_to_start_without_secret(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def _cookie_flags(header: str) -> tuple[str, set[str]]:
    """`name` and the lower-cased attributes of one Set-Cookie header."""
    name = header.split("=", 1)[0]
    attributes = {part.strip().lower() for part in header.split(";")[1:]}
    return name, attributes


def test_production_cookies_are_secure(monkeypatch, make, database_url):
    """Log in over HTTPS against the app built as production builds it (ATC_ENV=production)."""
    person = make.person(ward=make.ward())
    monkeypatch.setenv("ATC_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("DATABASE_URL", database_url)
    production = create_app()
    assert production.config["ENV_NAME"] == "production"
    assert production.config["HSTS"]
    browser = production.test_client()
    base = "https://localhost"
    form = browser.get(f"{base}/connexion").get_data(as_text=True)
    token = CSRF_RE.search(form).group(1)
    response = browser.post(
        f"{base}/connexion",
        data={"csrf_token": token, "matricule": person.matricule, "password": PASSWORD},
        headers={"Referer": f"{base}/connexion"},
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    cookies = dict(_cookie_flags(header) for header in response.headers.getlist("Set-Cookie"))
    session_cookie = production.config["SESSION_COOKIE_NAME"]
    remember_cookie = production.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)
    assert session_cookie in cookies, cookies
    assert {"secure", "httponly", "samesite=lax"} <= cookies[session_cookie]
    # The log-in never offers "remember me": no remember cookie is set…
    assert remember_cookie not in cookies
    # …and were Flask-Login asked to set one, it would carry the same flags.
    with production.test_request_context(base_url=base):
        login_user(person, remember=True)
        remembered = production.process_response(production.make_response("ok"))
    cookies = dict(_cookie_flags(header) for header in remembered.headers.getlist("Set-Cookie"))
    assert {"secure", "httponly", "samesite=lax"} <= cookies[remember_cookie]
    with production.app_context():
        db.engine.dispose()


def test_audit_log_is_append_only_through_the_app():
    entry = audit("test.action", by=None, reason="ligne 1\nligne 2")
    db.session.commit()
    entry.reason = "changé"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(entry)
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(AuditEntry.reason)) == "ligne 1\nligne 2"


def test_audit_log_refuses_raw_sql_changes_on_sqlite():
    """On SQLite a trigger also refuses raw SQL; on MariaDB it is a grant (README)."""
    entry = audit("test.action", by=None, reason="motif")
    db.session.commit()
    statements = [
        "UPDATE audit_entry SET reason = 'changé' WHERE id = :id",
        "DELETE FROM audit_entry WHERE id = :id",
    ]
    refused = 0
    for statement in statements:
        try:
            db.session.execute(text(statement), {"id": entry.id})
        except (IntegrityError, OperationalError, DatabaseError):
            refused += 1
        db.session.rollback()
    expected = len(statements) if db.engine.dialect.name == "sqlite" else 0
    assert refused == expected
