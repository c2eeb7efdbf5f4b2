"""The ward's shared documents: admins upload, members read and download."""

from app.wards import ward_blueprint

bp = ward_blueprint("documents", __name__, "/documents")

from app.documents import routes  # noqa: E402, F401
