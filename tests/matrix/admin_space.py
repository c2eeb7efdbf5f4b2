"""The ward admin space's members page and a member's page: role, labels, referent roles,
sanctions, removal. The scene adds a member to act on ("cible") under a suspension to lift."""

from tests.matrix import Route, everyone, ward_admin_page

TARGET = {"person_id": "target"}


def build_scene(scene, make):
    ward, people = scene["ward"], scene["people"]
    target = make.person(ward=ward, first_name="Inès", last_name="Cible")
    suspension = make.sanction(ward, target, by=people["admin"], kind="suspension")
    make.delegation(ward, by=people["manager"])
    scene["objects"].update(target=target.id, target_suspension=suspension.id, ward_id=ward.id)


PLATFORM_ONLY = {
    "visitor": 302,
    "outsider": 403,
    "member": 403,
    "admin": 403,
    "manager": 403,
    "platform": 200,
}

ROUTES = {
    # Asking again is offered only right after a refused applicant's right password: without
    # that offer in the session everyone is sent to log in, nothing written.
    ("auth.reapply", "POST"): Route(everyone(302), data={"ward": "hematologie"}),
    ("ward_admin.journal_page", "GET"): Route(ward_admin_page()),
    ("platform.platform_journal", "GET"): Route(PLATFORM_ONLY),
    # An empty form: past the gate, the platform admin is told the matricule is missing.
    ("platform.appoint", "POST"): Route({**PLATFORM_ONLY, "platform": 422}, params={"ward_id": "ward_id"}),
    ("ward_admin.members_list", "GET"): Route(ward_admin_page()),
    ("ward_admin.member", "GET"): Route(ward_admin_page(), params=TARGET),
    ("ward_admin.member_role", "POST"): Route(ward_admin_page(303), params=TARGET, data={"role": "admin"}),
    ("ward_admin.member_labels", "POST"): Route(
        ward_admin_page(303), params=TARGET, data={"labels": "moderator"}
    ),
    # No activity chosen: past the gate the form answers 422 and nothing is written.
    ("ward_admin.member_referent", "POST"): Route(ward_admin_page(422), params=TARGET),
    ("ward_admin.member_sanction", "POST"): Route(
        ward_admin_page(303), params=TARGET, data={"kind": "warning", "reason": "Retards répétés"}
    ),
    ("ward_admin.lift_sanction", "POST"): Route(
        ward_admin_page(303),
        params={"person_id": "target", "sanction_id": "target_suspension"},
        data={"lift_reason": "Excuses présentées"},
    ),
    ("ward_admin.unlock_member", "POST"): Route(ward_admin_page(303), params=TARGET),
    ("ward_admin.delegation", "GET"): Route(ward_admin_page()),
    # Only the manager delegates (an empty form: 422 past the gate); admins are refused.
    ("ward_admin.delegation", "POST"): Route({**ward_admin_page(403), "manager": 422}),
    ("ward_admin.revoke_delegation", "POST"): Route({**ward_admin_page(403), "manager": 303}),
    ("ward_admin.remove_member", "POST"): Route(
        ward_admin_page(303), params=TARGET, data={"reason": "A quitté le service", "confirm": "y"}
    ),
}
