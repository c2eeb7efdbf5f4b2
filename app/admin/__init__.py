"""The ward admin space (`/s/<ward>/admin/…`): admins and the ward manager. Entering asks
the password at the first visit of a session; every action (POST) needs a confirmation
newer than 10 minutes, asked in place (app/auth/reauth.py)."""

from flask import abort, g, request, url_for
from flask_login import current_user

from app import policies as ward_policies
from app.auth.reauth import fresh_auth_gate, has_confirmed_this_session
from app.core.security import htmx_aware_redirect
from app.wards import ward_blueprint

bp = ward_blueprint("ward_admin", __name__, url_prefix="/admin")


@bp.before_request
def admins_only_and_fresh():
    if not ward_policies.can_administer_ward(current_user, g.ward):
        abort(403)
    if request.method == "POST":
        return fresh_auth_gate()
    if not has_confirmed_this_session():
        return htmx_aware_redirect(url_for("auth.confirm", next=request.full_path.rstrip("?")), 303)
    return None


from app.admin import journal_views, member_views, moderation, routes  # noqa: E402, F401
