"""Printable A4 posters with a QR code (flash-code) for a ward and its activities."""

from app.wards import ward_blueprint

bp = ward_blueprint("posters", __name__, "/affiches")

from app.posters import routes  # noqa: E402, F401
