"""The ward admin space (`/s/<ward>/admin/…`): admins and the ward manager, re-authenticated."""

from flask import abort, current_app, g, request, url_for
from flask_login import current_user

from app import policies as ward_policies
from app.core.security import htmx_aware_redirect, is_recently_authenticated
from app.wards import ward_blueprint

bp = ward_blueprint("ward_admin", __name__, url_prefix="/admin")


@bp.before_request
def admins_only_and_fresh():
    if not ward_policies.can_administer_ward(current_user, g.ward):
        abort(403)
    if not is_recently_authenticated(current_app):
        target = request.full_path.rstrip("?") if request.method == "GET" else url_for("ward_admin.index")
        return htmx_aware_redirect(url_for("auth.confirm", next=target), 303)
    return None


from app.admin import member_views, moderation, routes  # noqa: E402, F401
