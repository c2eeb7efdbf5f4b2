"""A person's standing in a ward as the screens say it: the suspension notice, and the one
gate that refuses every write of a suspended member (beside the policies, which hide the
buttons). A top-level module, beside app/policies.py, so app.wards can import it."""

from flask import make_response, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import policies
from app.extensions import db, htmx
from app.models import Person, Sanction, Ward


def suspension_notice(sanction: Sanction) -> str:
    return (
        f"Vous êtes suspendu·e dans ce service jusqu'au {sanction.until_label}\u00a0: "
        "vous pouvez tout lire, mais pas vous inscrire, publier, commenter, proposer ni signaler."
    )


def ward_suspension(ward: Ward | None) -> Sanction | None:
    """For templates: the current person's suspension in this ward, if any."""
    if ward is None or not current_user.is_authenticated:
        return None
    return policies.suspension_of(current_user, ward)


def refuse_if_suspended(ward: Ward):
    """Every POST of a ward space from a suspended member: a French answer, nothing written.
    htmx: the notice goes where the flashes are (409 swaps); otherwise the 403 page says it."""
    sanction = policies.suspension_of(current_user, ward)
    if sanction is None:
        return None
    message = suspension_notice(sanction)
    if htmx:
        response = make_response(render_template("wards/_refused.html", message=message), 409)
        response.headers["HX-Retarget"] = "#flashes"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return render_template("errors/suspended.html", ward=ward, message=message), 403


def my_sanctions_of(person) -> list[Sanction]:
    """For /moi: the person's sanctions in every ward, newest first (one query)."""
    if not isinstance(person, Person):
        return []
    return list(
        db.session.scalars(
            select(Sanction)
            .options(joinedload(Sanction.ward))
            .where(Sanction.person_id == person.id)
            .order_by(Sanction.created_at.desc(), Sanction.id.desc())
        )
    )
