"""A ward's shifts and usual break times (`/s/<ward>/planning/equipes`)."""

from app.wards import ward_blueprint

bp = ward_blueprint("shifts", __name__, "/planning/equipes")

from app.shifts import routes  # noqa: E402, F401
