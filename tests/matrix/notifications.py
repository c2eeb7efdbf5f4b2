"""My notifications: for anyone logged in; one of someone else's is as unknown as a missing one."""

from app.extensions import db
from app.notifications.mail import unsubscribe_token
from app.notifications.services import CATEGORIES, OTHER, notify, setting_for_update
from app.notifications.settings import confirmation_token
from tests.matrix import Route, everyone

LOGGED_IN = {
    "visitor": 302,
    "outsider": 200,
    "member": 200,
    "referent": 200,
    "admin": 200,
    "manager": 200,
    "platform": 200,
}


def _logged_in(status: int) -> dict:
    return {**dict.fromkeys(LOGGED_IN, status), "visitor": 302}


ROUTES = {
    "notifications.index": Route("GET", LOGGED_IN),
    "notifications.bell": Route("GET", LOGGED_IN),
    "notifications.mark_all": Route("POST", _logged_in(303)),
    # The scene's notification is the member's: she is sent to its link, others get 404.
    "notifications.open_one": Route(
        "POST",
        {**_logged_in(404), "member": 303, "referent": 404, "suspended": 404},
        params={"notification_id": "notification"},
    ),
    # From a mail: no session needed, the signed token decides (a POST is the one-click).
    "notifications.unsubscribe_page": Route("GET", everyone(200), params={"token": "unsubscribe_token"}),
    "notifications.unsubscribe": Route("POST", everyone(200), params={"token": "unsubscribe_token"}),
    # My choices (the form of /moi's section); every category must be answered.
    "notifications.preferences": Route(
        "POST", _logged_in(303), data={f"channel_{key}": "app" for key in (*CATEGORIES, OTHER)}
    ),
    # The confirmation link of a mail: the token decides (here the member's pending address).
    "notifications.confirm_email": Route("GET", everyone(200), params={"token": "confirm_token"}),
    ("notifications.confirm_email", "POST"): Route(everyone(200), params={"token": "confirm_token"}),
}


def build_scene(scene, _make):  # the hook's signature (called positionally)
    ward = scene["ward"]
    note = notify(scene["people"]["member"], "slot.promoted", "Une place s'est libérée.", link="/", ward=ward)
    db.session.commit()
    scene["objects"]["notification"] = note.id
    member = scene["people"]["member"]
    setting_for_update(member.id).pending_email = "camille@chu.test"
    db.session.commit()
    scene["objects"]["confirm_token"] = confirmation_token(member.id, "camille@chu.test")
    scene["objects"]["unsubscribe_token"] = unsubscribe_token(scene["people"]["member"].id, "creneaux")
