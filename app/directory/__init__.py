"""The members directory of a ward and the contact form to its admins."""

from app.wards import ward_blueprint

bp = ward_blueprint("directory", __name__, "/membres")

from app.directory import routes  # noqa: E402, F401
