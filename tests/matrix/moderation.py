"""Moderation routes: a member's report of any kind, the ward's one queue and its actions.
The scene's post-its come from tests/matrix/postits.py, the comment from feed.py, the
event from agenda.py."""

from tests.matrix import Route, ward_admin_page, ward_page

POSTIT = {"kind_slug": "post-it", "item_id": "postit"}

ROUTES = {
    # A colleague's visible post-it: every member may report it once (303 back to it).
    "moderation.report": Route("POST", ward_page(303), params=POSTIT, data={"reason": "Hors charte"}),
    "ward_admin.moderation": Route("GET", ward_admin_page()),
    "ward_admin.moderation_hide": Route(
        "POST", ward_admin_page(303), params=POSTIT, data={"reason": "respect"}
    ),
    "ward_admin.moderation_keep": Route(
        "POST", ward_admin_page(303), params={"kind_slug": "evenement", "item_id": "event"}
    ),
    "ward_admin.moderation_restore": Route(
        "POST", ward_admin_page(303), params={"kind_slug": "post-it", "item_id": "hidden_postit"}
    ),
    "ward_admin.moderation_keep_all": Route("POST", ward_admin_page(303)),
}
