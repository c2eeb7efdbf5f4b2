"""Indicators for the reflective review (`/s/<ward>/admin/indicateurs`): figures, charts,
CSV and a printable summary; and the short platform questionnaire (`survey`).

Not part of `ward_admin`: the platform admin, who is not a member of the ward, sees the
indicators too. So the views are open to non-members at the ward level and this
blueprint asks its own policy, and the same fresh re-authentication as the admin space.
"""

from flask import abort, current_app, g, request, url_for
from flask_login import current_user

from app.core.security import htmx_aware_redirect, is_recently_authenticated
from app.indicators import policies
from app.wards import ward_blueprint

bp = ward_blueprint("indicators", __name__, url_prefix="/admin/indicateurs")


@bp.before_request
def admins_manager_or_platform_and_fresh():
    if not policies.can_see_indicators(current_user, g.ward):
        abort(403)
    if not is_recently_authenticated(current_app):
        return htmx_aware_redirect(url_for("auth.confirm", next=request.full_path.rstrip("?")), 303)
    return None


from app.indicators import routes  # noqa: E402, F401
