"""Post-it routes: the board and a note's actions (their moderation: tests/matrix/moderation.py)."""

from datetime import timedelta

from app.core.timefmt import utcnow
from tests.matrix import Route, ward_page


def build_scene(scene, make):
    """A colleague's note, the member's own fresh note, a hidden note."""
    ward = scene["ward"]
    colleague = make.person(ward=ward, first_name="Inès")
    member = scene["people"]["member"]
    notes = {
        "postit": make.postit(ward, colleague),
        "own_postit": make.postit(ward, member, kind="need", text="Des gants", created_at=utcnow()),
        "hidden_postit": make.postit(
            ward,
            colleague,
            kind="question",
            text="Masqué",
            hidden=True,
            hidden_reason="Hors sujet.",
            hidden_at=utcnow() - timedelta(days=1),
        ),
    }
    scene["objects"].update({key: note.id for key, note in notes.items()})


AUTHOR_ONLY = {
    "visitor": 302,
    "outsider": 403,
    "member": 303,
    "referent": 403,
    "admin": 403,
    "manager": 403,
    "platform": 403,
}

ROUTES = {
    ("postits.board", "GET"): Route(ward_page()),
    ("postits.create", "POST"): Route(ward_page(303), data={"kind": "idea", "text": "Un coin calme"}),
    ("postits.show", "GET"): Route(ward_page(), params={"postit_id": "postit"}),
    ("postits.edit", "GET"): Route(
        {**AUTHOR_ONLY, "member": 200, "suspended": 403},  # not hers, and she cannot write
        params={"postit_id": "own_postit"},
    ),
    ("postits.delete", "POST"): Route(AUTHOR_ONLY, params={"postit_id": "own_postit"}),
    ("postits.withdraw", "POST"): Route(AUTHOR_ONLY, params={"postit_id": "own_postit"}),
    ("postits.support", "POST"): Route(ward_page(303), params={"postit_id": "postit"}, data={"on": "1"}),
    ("postits.status", "GET"): Route(ward_page(member=403, admin=200), params={"postit_id": "postit"}),
    # Empty forms: past the gate the form answers 422 (the status form has a default, 303).
    ("postits.edit", "POST"): Route({**AUTHOR_ONLY, "member": 422}, params={"postit_id": "own_postit"}),
    ("postits.status", "POST"): Route(ward_page(member=403, admin=303), params={"postit_id": "postit"}),
}
