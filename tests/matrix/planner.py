"""Planner routes: the week, sign-up taps, slots kept by referents, feedback."""

from datetime import timedelta

from app.core.timefmt import utcnow
from tests.matrix import Route, keepers, ward_page

# A tap without htmx: 303 back to the week (htmx re-renders the slot, see test_planner).
TAP = ward_page(303)
KEEPERS = keepers(200)  # the activity's referents, the admins and the manager keep its slots

ROUTES = {
    ("planner.week", "GET"): Route(ward_page()),
    ("planner.print_week", "GET"): Route(ward_page()),
    ("planner.mine", "GET"): Route(ward_page()),
    ("planner.new_slot", "GET"): Route(KEEPERS),
    ("planner.slot", "GET"): Route(ward_page(), params={"slot_id": "slot"}),
    ("planner.edit_slot", "GET"): Route(KEEPERS, params={"slot_id": "slot"}),
    ("planner.cancel_slot", "POST"): Route(
        keepers(303), params={"slot_id": "slot"}, data={"message": "Absente"}
    ),
    ("planner.sign_up", "POST"): Route(TAP, params={"slot_id": "slot"}),
    ("planner.join_waiting", "POST"): Route(TAP, params={"slot_id": "full_slot"}),
    ("planner.cancel", "POST"): Route(TAP, params={"slot_id": "slot"}),
    ("planner.attendance", "POST"): Route(keepers(303), params={"slot_id": "past_slot"}),
    # Only a person who attended gives feedback: nobody of the personas did.
    ("planner.feedback", "GET"): Route(
        {"visitor": 302, "outsider": 403, "member": 403, "admin": 403, "manager": 403, "platform": 403},
        params={"slot_id": "past_slot"},
    ),
    # The POSTs below send an empty form: who gets past the gate is answered 422 by the form.
    ("planner.edit_slot", "POST"): Route(keepers(422), params={"slot_id": "slot"}),
    ("planner.feedback", "POST"): Route({**ward_page(403), "visitor": 302}, params={"slot_id": "past_slot"}),
    ("planner.new_slot", "POST"): Route(keepers(422)),
}


def build_scene(scene, make):
    """Léa's and the referent persona's activity: an open slot, a full one, a past one."""
    ward = scene["ward"]
    lea = make.person(ward=ward, first_name="Léa")
    activity = make.activity(
        ward, referents=[lea, scene["people"]["referent"]], responsibility_charter="Charte"
    )
    open_slot = make.slot(activity, capacity=4)
    full = make.slot(activity, capacity=1)
    make.sign_up(full, lea)
    past = make.slot(activity, capacity=4, starts_at=utcnow() - timedelta(days=1))
    scene["objects"].update(slot=open_slot.id, full_slot=full.id, past_slot=past.id)
