"""Configuration: development defaults, production from the environment, tests."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import ClassVar


def _instance_secret(instance_path: str) -> str:
    """A secret key generated once into instance/ for local runs (never committed)."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def mysql_engine_options() -> dict:
    """Pool settings that survive a MariaDB restart and its wait_timeout."""
    return {
        "pool_pre_ping": True,
        "pool_recycle": 280,
        "connect_args": {"connect_timeout": 5, "read_timeout": 30, "write_timeout": 30},
    }


class Config:
    """Defaults for a local run: SQLite in instance/, secret key generated in instance/."""

    ENV_NAME = "development"
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled by build_config
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict] = {}
    SQLALCHEMY_RECORD_QUERIES = False
    SECRET_KEY: str | None = None

    WTF_CSRF_TIME_LIMIT = None  # ward screens stay open for a whole shift
    WTF_I18N_ENABLED = False  # WTForms' own French messages (no Flask-Babel needed)
    WTF_CSRF_SSL_STRICT = True
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "atc_session"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(hours=12)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)  # absolute bound
    IDLE_TIMEOUT = timedelta(minutes=30)
    REAUTH_WINDOW = timedelta(minutes=10)  # admin space asks the password again after this

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_RATE_LIMIT = "30 per 10 minutes"

    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4

    UPLOAD_FOLDER: str | None = None  # default: instance/uploads (outside static/)
    LOGIN_LOG_RETENTION_DAYS = 365  # CNIL: connection logs kept 6-12 months
    INVITATION_DAYS = 7
    NOTIFICATION_RETENTION_DAYS = 183  # read notifications and sent mails, then purged nightly

    # Mail through the hospital's SMTP server; off while MAIL_SERVER is empty.
    MAIL_SERVER = ""
    MAIL_PORT = 25
    MAIL_STARTTLS = False
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_SENDER = "Anime ton CHU <ne-pas-repondre@localhost>"
    MAIL_TIMEOUT = 10  # seconds for each SMTP exchange: a hanging server never holds the command
    MAIL_BATCH = 50  # mails claimed per run of `flask send-mail`
    # The address people reach the site at, for the links in mails and reminders.
    PUBLIC_URL = "http://localhost:5000"
    TIMEZONE = "Europe/Paris"
    PREFERRED_URL_SCHEME = "http"
    TRUSTED_PROXIES = 0
    HSTS = False


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS = True


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105 (tests only)
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1
    RATELIMIT_ENABLED = True
    LOGIN_RATE_LIMIT = "1000 per minute"


def _mail_from_environment(app) -> None:
    for name in ("MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_SENDER", "PUBLIC_URL"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    for name in ("MAIL_PORT", "MAIL_TIMEOUT", "NOTIFICATION_RETENTION_DAYS"):
        if os.environ.get(name):
            app.config[name] = int(os.environ[name])
    if os.environ.get("MAIL_STARTTLS"):
        app.config["MAIL_STARTTLS"] = os.environ["MAIL_STARTTLS"].lower() in {"1", "true", "yes", "oui"}


def build_config(app, config: type[Config] | dict | None) -> None:
    """Load a config class, then the environment; refuse unsafe production settings."""
    _load_class(app, config)
    _database_settings(app)
    _environment_settings(app)
    _mail_from_environment(app)
    _secret_key(app)


def _load_class(app, config: type[Config] | dict | None) -> None:
    if config is None:
        name = os.environ.get("ATC_ENV", "development")
        config = ProductionConfig if name == "production" else Config
    if isinstance(config, dict):
        app.config.from_object(Config)
        app.config.update(config)
    else:
        app.config.from_object(config)


def _database_settings(app) -> None:
    url = os.environ.get("DATABASE_URL")
    if url and not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = url
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        db_path = Path(app.instance_path) / "anime-ton-chu.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("mysql"):
        options = mysql_engine_options()
        options.update(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _environment_settings(app) -> None:
    if os.environ.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = os.environ["RATELIMIT_STORAGE_URI"]
    if os.environ.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = os.environ["UPLOAD_FOLDER"]
    if os.environ.get("TRUSTED_PROXIES"):
        app.config["TRUSTED_PROXIES"] = int(os.environ["TRUSTED_PROXIES"])


def _secret_key(app) -> None:
    """The environment's secret; refused in production when missing, short, or with debug on."""
    env_secret = os.environ.get("SECRET_KEY")
    if env_secret:
        app.config["SECRET_KEY"] = env_secret
    if app.config["ENV_NAME"] == "production":
        if not env_secret or len(env_secret) < 32:
            raise RuntimeError("ATC_ENV=production needs SECRET_KEY in the environment (32+ characters).")
        if app.debug:
            raise RuntimeError("Debug mode is refused in production.")
    elif not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)
