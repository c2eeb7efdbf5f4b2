"""Post-it routes: the board and a note's actions (their moderation: tests/matrix/moderation.py)."""

from datetime import timedelta

from app.core.timefmt import utcnow
from app.extensions import db
from app.models import PostIt
from tests.matrix import Route, ward_page


def build_scene(scene, make):
    """A colleague's note, the member's own fresh note, a hidden note."""
    ward = scene["ward"]
    colleague = make.person(ward=ward, first_name="Inès")
    member = scene["people"]["member"]
    now = utcnow()
    notes = {
        "postit": PostIt(ward_id=ward.id, author_id=colleague.id, kind="idea", text="Une tisanerie"),
        "own_postit": PostIt(
            ward_id=ward.id, author_id=member.id, kind="need", text="Des gants", created_at=now
        ),
        "hidden_postit": PostIt(
            ward_id=ward.id,
            author_id=colleague.id,
            kind="question",
            text="Masqué",
            hidden=True,
            hidden_reason="Hors sujet.",
            hidden_at=now - timedelta(days=1),
        ),
    }
    db.session.add_all(notes.values())
    db.session.commit()
    scene["objects"].update({key: note.id for key, note in notes.items()})


AUTHOR_ONLY = {"visitor": 302, "outsider": 403, "member": 303, "admin": 403, "manager": 403, "platform": 403}

ROUTES = {
    "postits.board": Route("GET", ward_page()),
    "postits.create": Route("POST", ward_page(303), data={"kind": "idea", "text": "Un coin calme"}),
    "postits.show": Route("GET", ward_page(), params={"postit_id": "postit"}),
    "postits.edit": Route(
        "GET",
        {**AUTHOR_ONLY, "member": 200},
        params={"postit_id": "own_postit"},
    ),
    "postits.delete": Route("POST", AUTHOR_ONLY, params={"postit_id": "own_postit"}),
    "postits.withdraw": Route("POST", AUTHOR_ONLY, params={"postit_id": "own_postit"}),
    "postits.support": Route("POST", ward_page(303), params={"postit_id": "postit"}, data={"on": "1"}),
    "postits.status": Route("GET", ward_page(member=403, admin=200), params={"postit_id": "postit"}),
}
