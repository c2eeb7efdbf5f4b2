""" "Pendant ma pause" (`/s/<ward>/pause`): what I can still join during my shift today."""

from app.wards import ward_blueprint

bp = ward_blueprint("pause", __name__, "/pause")

from app.pause import routes  # noqa: E402, F401
