"""Activity routes: list, proposal steps, one activity, the circuit, referents, mission orders."""

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
    ("activities.propose", "GET"): Route({**ward_page(), "suspended": 403}),  # a write form
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
    """Thomas's proposals at three steps, an active activity (Léa and the referent persona are
    its referents) and an outing with its mission order (the referent persona's too)."""
    ward = scene["ward"]
    thomas = make.person(ward=ward, first_name="Thomas")
    lea = make.person(ward=ward, first_name="Léa")
    referent = scene["people"]["referent"]
    common = {"proposer": thomas, "summary": "Détente", "place": "Salle de pause"}
    draft = make.activity(ward, name="Brouillon", status="draft", **common)
    submitted = make.activity(ward, name="Proposée", status="submitted", **common)
    active = make.activity(ward, name="Massage minute", referents=[lea, referent], **common)
    outside = make.activity(ward, name="Randonnée", outside_workplace=True, referents=[referent], **common)
    order = make.mission_order(outside)
    scene["objects"].update(
        draft_activity=draft.id,
        submitted_activity=submitted.id,
        active_activity=active.id,
        outside_activity=outside.id,
        mission_order=order.id,
        referent_id=lea.id,
    )
