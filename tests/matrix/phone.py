"""Issue 15 routes: the ward's shifts (admins and manager) and "Pendant ma pause" (members)."""

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
    # No shift named: a member gets 400 (the choice only goes in her session, never the database).
    ("pause.choose", "POST"): Route(ward_page(400)),
}
