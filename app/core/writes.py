"""One write path for every view.

A view reads what it needs (ward, object, policy checks) in an ordinary reading
transaction, then hands the writing to `write()`:

- the reading transaction is ended first, so the write starts a transaction of its own;
- on SQLite that transaction opens with ``BEGIN IMMEDIATE`` (the write lock is asked for
  explicitly, here and nowhere else), so writers queue on ``busy_timeout`` instead of
  failing on a lock upgrade, and the lock covers the service's statements only — the
  rendering of the answer happens after the commit, outside it;
- MariaDB deadlocks, lock wait timeouts and 1020 ("record has changed") retry the whole
  unit a few times with jitter; SQLite's "database is locked" (after its busy timeout)
  retries once more, then answers the French "busy" page (503), never a 500;
- any exception rolls back; a `DomainError` is attached to the form (when one is given)
  and returned in the `Outcome` with its status (422 bad input, 409 someone was first);
- success commits exactly once.

Services flush and never commit; `write()` is the only place a request commits.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import OperationalError

from app.core.errors import DomainError, attach_error, status_of
from app.extensions import db

# MariaDB/MySQL: deadlock, lock wait timeout, record changed since last read (snapshot).
RETRYABLE_MYSQL_ERRORS = {1213, 1205, 1020}


class DatabaseBusyError(Exception):
    """The database stayed locked longer than we are willing to make a person wait."""


@dataclass
class Outcome:
    """What a write gave: the service's return value, or the domain error that refused it."""

    value: Any = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> int:
        return 200 if self.error is None else status_of(self.error)

    @property
    def message(self) -> str:
        return self.error.message if self.error else ""


def _mysql_code(error: OperationalError) -> int | None:
    args = getattr(getattr(error, "orig", None), "args", None) or [None]
    return args[0] if isinstance(args[0], int) else None


def _sqlite_locked(error: OperationalError) -> bool:
    return "database is locked" in str(getattr(error, "orig", error))


def _begin_write() -> None:
    """End the reading transaction and open the writing one (SQLite: BEGIN IMMEDIATE)."""
    session = db.session()
    if session.in_transaction():
        session.commit()  # nothing pending by contract: this only ends the reads
    session.connection(execution_options={"sqlite_immediate": True})


def write(
    work: Callable[[], Any],
    *,
    form=None,
    field: str | None = None,
    attempts: int = 5,
) -> Outcome:
    """Run `work()` (one or more service calls) as one committed unit; see the module doc.

    `form` and `field`: where a domain error is shown (its own field, else `field`, else
    above the form)."""
    session = db.session()
    sqlite = db.engine.dialect.name == "sqlite"
    for attempt in range(1, attempts + 1):
        try:
            _begin_write()
            value = work()
            session.commit()
            return Outcome(value=value)
        except DomainError as error:
            session.rollback()
            if form is not None:
                attach_error(form, error, field)
            return Outcome(error=error)
        except OperationalError as error:
            session.rollback()
            if sqlite and _sqlite_locked(error):
                if attempt >= 2:
                    raise DatabaseBusyError from error
            elif _mysql_code(error) not in RETRYABLE_MYSQL_ERRORS or attempt == attempts:
                if _mysql_code(error) in RETRYABLE_MYSQL_ERRORS:
                    raise DatabaseBusyError from error
                raise
            time.sleep(random.uniform(0.005, 0.03) * attempt)  # jitter between retries
        except BaseException:
            session.rollback()
            raise
    raise DatabaseBusyError  # pragma: no cover - the loop returns or raises
