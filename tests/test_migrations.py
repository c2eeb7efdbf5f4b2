"""The schema is built only by migrations: they match the models, and go down and up again."""

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app import create_app
from app.config import TestConfig
from app.extensions import db
from tests.conftest import _mariadb_database


def test_migrations_match_the_models():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_upgrade_downgrade_upgrade_on_a_fresh_database(tmp_path):
    base = os.environ.get("TEST_MARIADB_URL")
    if base:
        url, drop = _mariadb_database(base)
    else:
        url, drop = f"sqlite:///{tmp_path / 'fresh.sqlite'}", (lambda: None)

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    fresh = create_app(Config)
    try:
        with fresh.app_context():
            upgrade(revision="heads")
            tables = set(inspect(db.engine).get_table_names())
            assert {"person", "ward", "membership", "audit_entry", "notification"} <= tables
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            upgrade(revision="heads")
            assert set(inspect(db.engine).get_table_names()) == tables
            db.engine.dispose()
    finally:
        drop()
