"""Post-it de service (`/s/<ward>/post-it`): the ward's digital idea box."""

from app.wards import ward_blueprint

bp = ward_blueprint("postits", __name__, "/post-it")

from app.postits import routes  # noqa: E402, F401
