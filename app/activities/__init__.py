"""Kind activities: proposal in short steps, the validation circuit, emergency stop."""

from app.wards import ward_blueprint

bp = ward_blueprint("activities", __name__, "/activites")

from app.activities import routes  # noqa: E402, F401
