"""Moderation of everything a member can report (post-its, discussion comments, agenda
events): one report route for members, one queue in the ward admin space."""

from app.wards import ward_blueprint

bp = ward_blueprint("moderation", __name__, url_prefix="/signaler")

from app.moderation import routes  # noqa: E402, F401
from app.moderation.forms import HIDE_REASONS  # noqa: E402
from app.moderation.kinds import BY_SLUG  # noqa: E402

bp.add_app_template_global(BY_SLUG, "moderation_kinds")
bp.add_app_template_global({"": "Choisir une raison…", **HIDE_REASONS}, "hide_reasons")
