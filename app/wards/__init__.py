"""Ward spaces (`/s/<ward>/…`): every ward blueprint is built by `ward_blueprint`."""

from flask import Blueprint, abort, current_app, g, request
from flask_login import current_user
from sqlalchemy import select

from app import policies
from app.extensions import db, login_manager
from app.models import Ward
from app.standing import refuse_if_suspended

OPEN_TO_NON_MEMBERS = "_open_to_non_members"
# The ward a person used last on this device, so the next log-in lands there. Only a ward
# slug (public), and only followed when she is still an active member of that ward.
LAST_WARD_COOKIE = "atc_service"
LAST_WARD_MAX_AGE = 400 * 24 * 3600


def open_to_non_members(view):
    """Mark a ward view that a logged-in non-member may reach (e.g. asking to join)."""
    setattr(view, OPEN_TO_NON_MEMBERS, True)
    return view


def get_ward_or_404(slug: str) -> Ward:
    ward = db.session.scalar(select(Ward).where(Ward.slug == slug))
    if ward is None:
        abort(404)
    return ward


def _pull_ward(_endpoint, values):
    g.ward = get_ward_or_404(values.pop("ward_slug"))


def _add_ward(_endpoint, values):
    if "ward_slug" not in values and "ward" in g:
        values["ward_slug"] = g.ward.slug


def _members_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, OPEN_TO_NON_MEMBERS, False):
        return None
    if not policies.can_view_ward(current_user, g.ward):
        abort(403)
    if request.method == "POST":
        return refuse_if_suspended(g.ward)
    return None


def _switcher():
    def ward_switcher(ward):
        """The person's other wards (the header's "Changer de service")."""
        memberships = policies.active_memberships(current_user).values()
        return sorted((m.ward for m in memberships if m.ward_id != ward.id), key=lambda w: w.name)

    return {"ward_switcher": ward_switcher}


def _remember_ward(response):
    """The last ward used, kept on the device so the next log-in lands there."""
    ward = g.get("ward")
    if (
        ward is not None
        and response.status_code < 400
        and request.cookies.get(LAST_WARD_COOKIE) != ward.slug
        and policies.can_view_ward(current_user, ward)
    ):
        response.set_cookie(
            LAST_WARD_COOKIE,
            ward.slug,
            max_age=LAST_WARD_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def ward_blueprint(name: str, import_name: str, url_prefix: str = "") -> Blueprint:
    """A blueprint under `/s/<ward_slug>`: the ward comes from the URL, members only."""
    bp = Blueprint(name, import_name, url_prefix=f"/s/<ward_slug>{url_prefix}")
    bp.url_value_preprocessor(_pull_ward)
    bp.url_defaults(_add_ward)
    bp.before_request(_members_only)
    bp.context_processor(_switcher)
    bp.after_request(_remember_ward)
    return bp


bp = ward_blueprint("wards", __name__)

from app.wards import routes  # noqa: E402, F401
