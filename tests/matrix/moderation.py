"""Moderation routes: a member's report of any kind, the ward's one queue and its actions.
The scene's post-its come from tests/matrix/postits.py, the comment from feed.py, the
event from agenda.py."""

from tests.matrix import Route, ward_admin_page, ward_page

POSTIT = {"kind_slug": "post-it", "item_id": "postit"}

ROUTES = {
    # The report form on its own page (without JavaScript), for every member of the ward.
    ("moderation.report", "GET"): Route({**ward_page(), "suspended": 403}, params=POSTIT),
    # A colleague's visible post-it: every member may report it once (303 back to it).
    ("moderation.report", "POST"): Route(ward_page(303), params=POSTIT, data={"reason": "Hors charte"}),
    ("ward_admin.moderation", "GET"): Route(ward_admin_page()),
    ("ward_admin.moderation_hide", "POST"): Route(
        ward_admin_page(303), params=POSTIT, data={"reason": "respect"}
    ),
    ("ward_admin.moderation_keep", "POST"): Route(
        ward_admin_page(303), params={"kind_slug": "evenement", "item_id": "event"}
    ),
    ("ward_admin.moderation_restore", "POST"): Route(
        ward_admin_page(303), params={"kind_slug": "post-it", "item_id": "hidden_postit"}
    ),
    ("ward_admin.moderation_keep_all", "POST"): Route(ward_admin_page(303)),
}
