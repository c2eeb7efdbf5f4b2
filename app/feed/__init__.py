"""The ward's news feed (tableau de service) and the discussions under posts and activities."""

from app.wards import ward_blueprint

bp = ward_blueprint("feed", __name__, "/publications")

from app.feed import routes  # noqa: E402, F401
