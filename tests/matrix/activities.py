"""Activity routes: list, proposal steps, one activity, the circuit, referents, mission orders."""

from app.extensions import db
from app.models import Activity, ActivityReferent, MissionOrder
from tests.matrix import Route, ward_admin_page, ward_page

REASON = {"reason": "Raison donnée"}
# The proposal belongs to another member: others do not see it (404), its pages refuse admins (403).
PROPOSER_ONLY = {
    "visitor": 302,
    "outsider": 403,
    "member": 404,
    "admin": 403,
    "manager": 403,
    "platform": 403,
}
ADMIN_DECISION = {
    "visitor": 302,
    "outsider": 403,
    "member": 404,
    "admin": 303,
    "manager": 303,
    "platform": 403,
}

ROUTES = {
    ("activities.index", "GET"): Route(ward_page()),
    ("activities.mine", "GET"): Route(ward_page()),
    ("activities.queue", "GET"): Route(ward_admin_page()),
    ("activities.propose", "GET"): Route(ward_page()),
    ("activities.step", "GET"): Route(PROPOSER_ONLY, params={"activity_id": "draft_activity", "step": 1}),
    ("activities.detail", "GET"): Route(ward_page(), params={"activity_id": "active_activity"}),
    # One URL for every decision: checked here on "transmettre" (a submitted proposal, admins'
    # call); every action × role × state is walked in tests/test_activities.py.
    ("activities.decide", "POST"): Route(
        ADMIN_DECISION,
        params={"activity_id": "submitted_activity", "action": "transmettre"},
        data=REASON,
    ),
    ("activities.add_referent", "POST"): Route(
        ward_admin_page(303), params={"activity_id": "active_activity"}, data={"person_id": "0"}
    ),
    ("activities.remove_referent", "POST"): Route(
        ward_admin_page(303), params={"activity_id": "active_activity", "person_id": "referent_id"}
    ),
    ("activities.mission_order", "GET"): Route(
        {
            "visitor": 302,
            "outsider": 403,
            "member": 403,
            "referent": 200,
            "admin": 200,
            "manager": 200,
            "platform": 403,
        },
        params={"activity_id": "outside_activity"},
    ),
    ("activities.print_mission_order", "GET"): Route(
        ward_page(), params={"activity_id": "outside_activity", "order_id": "mission_order"}
    ),
    ("activities.comment", "POST"): Route(
        ward_page(303), params={"activity_id": "active_activity"}, data={"body": "Bravo !"}
    ),
    # The POSTs below send an empty form: who gets past the gate is answered 422 by the form.
    ("activities.mission_order", "POST"): Route(
        {
            "visitor": 302,
            "outsider": 403,
            "member": 403,
            "referent": 422,
            "admin": 422,
            "manager": 422,
            "platform": 403,
        },
        params={"activity_id": "outside_activity"},
    ),
    ("activities.propose", "POST"): Route(ward_page(422)),
    ("activities.step", "POST"): Route(PROPOSER_ONLY, params={"activity_id": "draft_activity", "step": 1}),
}


def build_scene(scene, make):
    from app.core.timefmt import utcnow

    ward = scene["ward"]
    proposer = make.person(ward=ward, first_name="Thomas")
    referent = make.person(ward=ward, first_name="Léa")
    common = {"ward_id": ward.id, "proposer_id": proposer.id, "summary": "Détente", "place": "Salle de pause"}
    draft = Activity(name="Brouillon", status="draft", **common)
    submitted = Activity(name="Proposée", status="submitted", **common)
    active = Activity(name="Massage minute", status="active", **common)
    outside = Activity(name="Randonnée", status="active", outside_workplace=True, **common)
    db.session.add_all([draft, submitted, active, outside])
    db.session.flush()
    db.session.add(ActivityReferent(activity_id=active.id, person_id=referent.id))
    for activity in (active, outside):
        db.session.add(ActivityReferent(activity_id=activity.id, person_id=scene["people"]["referent"].id))
    order = MissionOrder(
        activity_id=outside.id,
        starts_at=utcnow(),
        ends_at=utcnow().replace(year=utcnow().year + 1),
        purpose="Cohésion",
    )
    db.session.add(order)
    db.session.commit()
    scene["objects"].update(
        draft_activity=draft.id,
        submitted_activity=submitted.id,
        active_activity=active.id,
        outside_activity=outside.id,
        mission_order=order.id,
        referent_id=referent.id,
    )
