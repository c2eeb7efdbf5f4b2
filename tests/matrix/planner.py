"""Planner routes: the week, sign-up taps, slots kept by referents, feedback."""

from datetime import datetime, time, timedelta

from app.core.timefmt import PARIS, paris_to_utc, utcnow
from app.extensions import db
from app.models import Activity, ActivityReferent, SignUp, Slot
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
    ward = scene["ward"]
    referent = make.person(ward=ward, first_name="Léa")
    activity = Activity(
        ward_id=ward.id, name="Massage minute", status="active", responsibility_charter="Charte"
    )
    db.session.add(activity)
    db.session.flush()
    db.session.add(ActivityReferent(activity_id=activity.id, person_id=referent.id))
    db.session.add(ActivityReferent(activity_id=activity.id, person_id=scene["people"]["referent"].id))
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
