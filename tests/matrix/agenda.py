"""Agenda routes and the calendar feeds."""

from tests.matrix import Route, everyone, ward_admin_page, ward_page

ROUTES = {
    ("agenda.month", "GET"): Route(ward_page()),
    ("agenda.week", "GET"): Route(ward_page()),
    ("agenda.print_month", "GET"): Route(ward_page()),
    ("agenda.print_week", "GET"): Route(ward_page()),
    ("agenda.new_event", "GET"): Route({**ward_page(), "suspended": 403}),  # a write form
    ("agenda.event", "GET"): Route(ward_page(), params={"event_id": "event"}),
    ("agenda.event_ics", "GET"): Route(ward_page(), params={"event_id": "event"}),
    # The event belongs to another member: admins and the manager edit it, members do not.
    ("agenda.edit_event", "GET"): Route(ward_admin_page(), params={"event_id": "event"}),
    ("agenda.cancel_event", "POST"): Route(ward_admin_page(303), params={"event_id": "event"}),
    ("agenda.subscribe", "GET"): Route(ward_page()),
    ("agenda.new_poll", "GET"): Route(ward_page()),
    ("agenda.poll", "GET"): Route(ward_page(), params={"poll_id": "poll"}),
    ("agenda.answer_poll", "POST"): Route(ward_page(303), params={"poll_id": "poll"}),
    # The organiser is another member: admins and the manager may close it, members may not.
    ("agenda.close_poll", "POST"): Route(ward_admin_page(303), params={"poll_id": "poll"}),
    # Feeds: no session; the token decides. The scene's token is a member's of the ward.
    ("calendar_feeds.ward_feed", "GET"): Route(
        everyone(200), params={"token": "feed_token", "slug": "hematologie"}
    ),
    ("calendar_feeds.sign_ups_feed", "GET"): Route(everyone(200), params={"token": "feed_token"}),
    # The POSTs below send an empty form: who gets past the gate is answered 422 by the form.
    ("agenda.edit_event", "POST"): Route(ward_admin_page(422), params={"event_id": "event"}),
    ("agenda.new_event", "POST"): Route(ward_page(422)),
    ("agenda.new_poll", "POST"): Route(ward_page(422)),
    ("agenda.subscribe", "POST"): Route(ward_page()),  # a new private link
}


def build_scene(scene, make):
    """Léa's event and date poll, and her secret calendar link."""
    ward = scene["ward"]
    lea = make.person(ward=ward, first_name="Léa")
    event = make.event(ward, lea)
    poll = make.poll(ward, lea)
    scene["objects"].update(event=event.id, poll=poll.id, feed_token=make.calendar_token(lea))
