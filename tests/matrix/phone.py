"""Issue 15 routes: the ward's shifts and shared workstations (admins and manager), "Pendant ma
pause" (members), "je suis encore là" (anyone logged in)."""

from datetime import time

from tests.matrix import Route, ward_admin_page, ward_page


def build_scene(scene, make):
    """The ward's night shift (a day shift can still be added without overlap)."""
    scene["objects"]["shift"] = make.shift(scene["ward"], "nuit", time(19), time(7), breaks="02:00").id


ROUTES = {
    ("shifts.index", "GET"): Route(ward_admin_page()),
    ("shifts.index", "POST"): Route(
        ward_admin_page(303), data={"name": "jour", "starts": "07:00", "ends": "19:00", "breaks": "10:00"}
    ),
    ("shifts.edit", "GET"): Route(ward_admin_page(), params={"shift_id": "shift"}),
    # An empty form: who gets past the gate is answered 422 by the form.
    ("shifts.edit", "POST"): Route(ward_admin_page(422), params={"shift_id": "shift"}),
    ("shifts.delete", "POST"): Route(ward_admin_page(303), params={"shift_id": "shift"}),
    ("pause.index", "GET"): Route(ward_page()),
    ("wards.help_page", "GET"): Route(ward_page()),
    # No shift named: a member gets 400 (the choice only goes in her session, never the database).
    ("pause.choose", "POST"): Route(ward_page(400)),
    ("shifts.workstations", "POST"): Route(
        ward_admin_page(303), data={"networks": "10.12.4.0/24", "idle_minutes": "2"}
    ),
    # "Je suis encore là": any logged-in person (the request restarts the idle time).
    ("auth.still_here", "POST"): Route(
        {"visitor": 302, "outsider": 204, "member": 204, "admin": 204, "manager": 204, "platform": 204}
    ),
}
