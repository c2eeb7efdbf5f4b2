"""Engine set-up for both engines.

SQLite: real transactions with SQLAlchemy's documented recipe (driver autocommit off
its own way, BEGIN emitted by us), BEGIN IMMEDIATE for requests that write, WAL,
busy timeout, foreign keys, synchronous=FULL. MariaDB: strict mode and utf8mb4.
"""

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _is_write_request() -> bool:
    return has_request_context() and request.method in WRITE_METHODS


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
        # A write request takes the write lock at its first statement, so two
        # writers queue on busy_timeout instead of failing on a lock upgrade.
        immediate = conn.get_execution_options().get("sqlite_immediate")
        if immediate or (immediate is None and _is_write_request()):
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


# MariaDB/MySQL errors after which the whole transaction may simply be tried again:
# deadlock, lock wait timeout, and 1020 (record changed since last read, snapshot isolation).
RETRYABLE_MYSQL_ERRORS = {1213, 1205, 1020}


def _retryable(error) -> bool:
    code = getattr(getattr(error, "orig", None), "args", [None])[0]
    return code in RETRYABLE_MYSQL_ERRORS


def run_transaction(work, *, attempts: int = 5):
    """Run `work()` then commit, in a fresh transaction; on a deadlock-like error, roll back
    and try again a few times with jitter. SQLite waits on busy_timeout instead."""
    import random
    import time

    from sqlalchemy.exc import OperationalError

    from app.extensions import db

    for attempt in range(1, attempts + 1):
        try:
            result = work()
            db.session.commit()
            return result
        except OperationalError as error:
            db.session.rollback()
            if attempt == attempts or not _retryable(error):
                raise
            time.sleep(random.uniform(0.005, 0.03) * attempt)
    return None
