"""The shared agenda of a ward and its find-a-date polls (calendar feeds: app.agenda.feeds)."""

from app.wards import ward_blueprint

bp = ward_blueprint("agenda", __name__, "/agenda")

from app.agenda import routes  # noqa: E402, F401
