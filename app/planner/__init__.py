"""The weekly planner of a ward: slots of active activities and quick sign-up."""

from app.wards import ward_blueprint

bp = ward_blueprint("planner", __name__, "/planning")

from app.planner import routes  # noqa: E402, F401
