"""Planner routes: the week, sign-up taps, slots kept by referents, feedback."""

from datetime import datetime, time, timedelta

from app.core.timefmt import PARIS, paris_to_utc, utcnow
from app.extensions import db
from app.models import Activity, ActivityReferent, SignUp, Slot
from tests.matrix import Route, ward_admin_page, ward_page

# A tap without htmx: 303 back to the week (htmx re-renders the slot, see test_planner).
TAP = ward_page(303)
KEEPERS = ward_admin_page(200)  # in the scene the admins and the manager keep the slots (no referent persona)

ROUTES = {
    "planner.week": Route("GET", ward_page()),
    "planner.print_week": Route("GET", ward_page()),
    "planner.mine": Route("GET", ward_page()),
    "planner.new_slot": Route("GET", KEEPERS),
    "planner.slot": Route("GET", ward_page(), params={"slot_id": "slot"}),
    "planner.edit_slot": Route("GET", KEEPERS, params={"slot_id": "slot"}),
    "planner.cancel_slot": Route(
        "POST", ward_admin_page(303), params={"slot_id": "slot"}, data={"message": "Absente"}
    ),
    "planner.sign_up": Route("POST", TAP, params={"slot_id": "slot"}),
    "planner.join_waiting": Route("POST", TAP, params={"slot_id": "full_slot"}),
    "planner.cancel": Route("POST", TAP, params={"slot_id": "slot"}),
    "planner.attendance": Route("POST", ward_admin_page(303), params={"slot_id": "past_slot"}),
    # Only a person who attended gives feedback: nobody of the personas did.
    "planner.feedback": Route(
        "GET",
        {"visitor": 302, "outsider": 403, "member": 403, "admin": 403, "manager": 403, "platform": 403},
        params={"slot_id": "past_slot"},
    ),
}


def build_scene(scene, make):
    ward = scene["ward"]
    referent = make.person(ward=ward, first_name="Léa")
    activity = Activity(
        ward_id=ward.id, name="Massage minute", status="active", responsibility_charter="Charte"
    )
    db.session.add(activity)
    db.session.flush()
    db.session.add(ActivityReferent(activity_id=activity.id, person_id=referent.id))
    day = datetime.now(PARIS).date() + timedelta(days=3)

    def slot(capacity=4, when=None):
        starts = when or paris_to_utc(datetime.combine(day, time(14, 0)))
        item = Slot(
            ward_id=ward.id,
            activity_id=activity.id,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=20),
            capacity=capacity,
        )
        db.session.add(item)
        db.session.flush()
        return item

    open_slot, full, past = slot(), slot(capacity=1), slot(when=utcnow() - timedelta(days=1))
    db.session.add(SignUp(slot_id=full.id, person_id=referent.id, status="confirmed"))
    full.taken = 1
    db.session.commit()
    scene["objects"].update(slot=open_slot.id, full_slot=full.id, past_slot=past.id)
