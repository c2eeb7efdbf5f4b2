"""Engine set-up for both engines.

SQLite: real transactions with SQLAlchemy's documented recipe (driver autocommit off
its own way, BEGIN emitted by us), BEGIN IMMEDIATE only where the write path asks for it
(`app.core.writes`), WAL, busy timeout, foreign keys, synchronous=FULL. MariaDB: strict
mode, UTC session time zone.
"""

from sqlalchemy import event
from sqlalchemy.engine import Engine


def setup_engine(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        _setup_sqlite(engine)
    elif engine.dialect.name in {"mysql", "mariadb"}:
        _setup_mysql(engine)


def _setup_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn):
        # The write path (app.core.writes) takes the write lock at BEGIN, so two writers
        # queue on busy_timeout instead of failing on a lock upgrade; reads stay deferred.
        if conn.get_execution_options().get("sqlite_immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def _setup_mysql(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION'")
        cursor.execute("SET SESSION time_zone = '+00:00'")
        cursor.close()
