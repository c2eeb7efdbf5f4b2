"""Thin views of the indicators: read the period → compute → render (page, CSV, print)."""

import csv
import io
import re

from flask import Response, abort, g, render_template, request

from app.indicators import bp, charts, services
from app.indicators.periods import CHOICES, read_period, today_paris
from app.wards import open_to_non_members

_NUMBER = re.compile(r"^-?\d+(,\d+)?$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _period_or_form():
    """The period asked, or the page's form again with the French message (422)."""
    period, errors = read_period(request.args)
    if errors:
        return None, (
            render_template(
                "indicators/index.html",
                ward=g.ward,
                ind=None,
                errors=errors,
                args=request.args,
                choices=CHOICES,
            ),
            422,
        )
    return period, None


@bp.get("/")
@open_to_non_members  # the platform admin too: the blueprint asks its own policy
def index():
    period, refused = _period_or_form()
    if refused:
        return refused
    ind = services.compute(g.ward, period)
    return render_template(
        "indicators/index.html",
        ward=g.ward,
        ind=ind,
        charts=charts.charts_for(ind),
        errors={},
        args=request.args,
        choices=CHOICES,
    )


@bp.get("/imprimer")
@open_to_non_members
def print_summary():
    period, refused = _period_or_form()
    if refused:
        return refused
    ind = services.compute(g.ward, period)
    return render_template(
        "indicators/print.html",
        ward=g.ward,
        ind=ind,
        charts=charts.charts_for(ind, "print", names_left=True, most=6),
        today=today_paris(),
    )


def csv_cell(value) -> str:
    """A cell a spreadsheet will not run: text starting with = + - @ or a tab gets a
    leading apostrophe (numbers, even negative ones, are left as they are)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float):
        return str(value).replace(".", ",")
    text = str(value)
    if _NUMBER.match(text):
        return text
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


@bp.get("/<name>.csv")
@open_to_non_members
def export(name: str):
    period, refused = _period_or_form()
    if refused:
        return refused
    ind = services.compute(g.ward, period)
    table = ind.tables.get(name)
    if table is None:
        abort(404)  # an indicator that does not exist (or not shown: fewer than 5 answers)
    out = io.StringIO()
    out.write("\ufeff")  # the BOM: Excel in French then reads UTF-8
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in table.headers])
    writer.writerows([csv_cell(c) for c in row] for row in table.rows)
    filename = f"indicateurs-{g.ward.slug}-{name}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return Response(
        out.getvalue().encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
