"""Anime ton CHU: the application factory."""

import logging

from flask import Flask

from app.config import build_config
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
    register_blueprints(app)
    from app.core import security, web

    security.init_app(app)
    web.init_app(app)
    from app.cli import register_commands

    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from app import models  # noqa: F401  (the whole metadata, for Alembic)
    from app.core.database import setup_engine

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        setup_engine(db.engine)


def register_blueprints(app: Flask) -> None:
    from app.admin import bp as ward_admin_bp
    from app.auth import bp as auth_bp
    from app.platform import bp as platform_bp
    from app.public import bp as public_bp
    from app.wards import bp as wards_bp

    for blueprint in (public_bp, auth_bp, wards_bp, ward_admin_bp, platform_bp):
        app.register_blueprint(blueprint)
