"""Anime ton CHU: the application factory."""

import importlib
import logging

from flask import Flask

from app import models  # noqa: F401  (the whole metadata, for Alembic)
from app.cli import register_commands
from app.config import build_config
from app.core import converters, security, web
from app.core.database import setup_engine
from app.extensions import csrf, db, htmx, limiter, login_manager, migrate


def create_app(config=None) -> Flask:
    """Build the app: configuration, extensions, blueprints, errors, commands."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    build_config(app, config)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    register_extensions(app)
    converters.init_app(app)  # before the blueprints: their URL rules use the converters
    register_blueprints(app)
    security.init_app(app)
    web.init_app(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        setup_engine(db.engine)


# One blueprint per feature package (each exposes `bp`); one line each.
BLUEPRINTS = (
    "app.public",
    "app.auth",
    "app.wards",
    "app.admin",
    "app.platform",
    "app.moderation",
    "app.postits",
    "app.feed",
    "app.activities",
    "app.planner",
    "app.shifts",
    "app.pause",
    "app.agenda",
    "app.agenda.feeds",
    "app.directory",
    "app.documents",
    "app.posters",
    "app.notifications",
    "app.indicators",
    "app.indicators.survey",
)


def register_blueprints(app: Flask) -> None:
    for name in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(name).bp)
