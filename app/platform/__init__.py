"""The platform admin's pages: ward spaces and their first admins and manager."""

from flask import Blueprint, abort, current_app, request, url_for
from flask_login import current_user, login_required

from app import policies
from app.core.security import htmx_aware_redirect, is_recently_authenticated

bp = Blueprint("platform", __name__, url_prefix="/plateforme")


@bp.before_request
@login_required
def platform_admins_only():
    if not policies.can_manage_platform(current_user):
        abort(403)
    if not is_recently_authenticated(current_app):
        target = request.full_path.rstrip("?") if request.method == "GET" else url_for("platform.index")
        return htmx_aware_redirect(url_for("auth.confirm", next=target), 303)
    return None


from app.platform import routes  # noqa: E402, F401
