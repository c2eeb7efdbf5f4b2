"""Post-it de service: the board, anonymity, supports, reports, moderation, limits."""

import pytest

from app.extensions import db
from app.models import PostIt


@pytest.fixture
def ward(make):
    return make.ward("hematologie", "Hématologie – Soins intensifs")


@pytest.fixture
def people(make, ward):
    return {
        "author": make.person(ward=ward, first_name="Thomas", last_name="Roux"),
        "colleague": make.person(ward=ward, first_name="Julie", last_name="Garnier"),
        "admin": make.person(ward=ward, role="admin", first_name="Nadia", last_name="Benali"),
        "manager": make.person(ward=ward, role="manager", first_name="Sophie", last_name="Marchand"),
    }


def note(ward, author, text="Une fontaine à eau en salle de pause", **fields):
    postit = PostIt(
        ward_id=ward.id, author_id=author.id, kind=fields.pop("kind", "idea"), text=text, **fields
    )
    db.session.add(postit)
    db.session.commit()
    return postit


def test_board_full_page_and_post(login_as, ward, people):
    http = login_as(people["author"])
    page = http.get("/s/hematologie/post-it/")
    assert page.status_code == 200
    assert "Poster un post-it" in page.get_data(as_text=True)
    response = http.post("/s/hematologie/post-it/", {"kind": "idea", "text": "Un coin calme"}, htmx=True)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "postit-changed"
    board = http.get("/s/hematologie/post-it/", htmx=True).get_data(as_text=True)
    assert "Un coin calme" in board
