"""Numbers in URLs, bounded in one place.

Every `<int:…>` of every blueprint goes through `BoundedIntConverter`: a number with more
digits than a database key can hold (a 20-digit id, a step typed by hand) does not match
the route, so it is a plain French 404 instead of an overflow inside the database driver.
Query-string ids use `query_id` the same way (`request.args.get("activite", type=query_id)`
gives None for anything that is not a sensible id)."""

from flask import Flask
from werkzeug.routing import IntegerConverter

# Ids are signed 64-bit at most (SQLite's INTEGER, MariaDB's BIGINT; ours are INT today).
MAX_ID = 2**63 - 1


class BoundedIntConverter(IntegerConverter):
    """werkzeug's int converter, with an upper bound by default (still overridable)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 (werkzeug's own signature)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def query_id(value: str) -> int:
    """A positive id from the query string; ValueError (so None from `args.get`) otherwise."""
    if not (value.isascii() and value.isdigit()) or len(value) > 19 or not 0 < int(value) <= MAX_ID:
        raise ValueError(f"not an id: {value!r}")
    return int(value)


def init_app(app: Flask) -> None:
    """Before any blueprint is registered: their rules are compiled with these converters."""
    app.url_map.converters["int"] = BoundedIntConverter
