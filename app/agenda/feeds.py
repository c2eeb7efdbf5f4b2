"""Calendar subscriptions (iCalendar), read by phones and Outlook without a session: the URL
carries a per-person secret token. A wrong or revoked token, or a ward the person is not a
member of, answers 404 with no data."""

from flask import Blueprint, Response, abort

from app.agenda import ical, services
from app.extensions import db
from app.models import Ward
from app.policies import can_view_ward

bp = Blueprint("calendar_feeds", __name__, url_prefix="/calendrier")


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.get("/<token>/service/<slug>.ics")
def ward_feed(token: str, slug: str):
    person = services.person_for_token(token)
    ward = db.session.scalar(db.select(Ward).where(Ward.slug == slug)) if person else None
    if person is None or ward is None or not can_view_ward(person, ward):
        abort(404)
    events, slots = services.feed_events(ward)
    return _ics(ical.ward_feed(ward, events, slots), f"agenda-{ward.slug}.ics")


@bp.get("/<token>/mes-inscriptions.ics")
def sign_ups_feed(token: str):
    person = services.person_for_token(token)
    if person is None:
        abort(404)
    return _ics(ical.sign_ups_feed(person, services.my_sign_up_slots(person)), "mes-inscriptions.ics")
