"""Every route × every kind of person: the expected answer, so no route escapes a rule.

Rows live in tests/matrix/<feature>.py. A route of the app without a row fails here.
Each case gets a fresh scene: the Hématologie ward with one person per persona, the
Oncologie ward for the outsider, and a few objects (`scene` below) that features extend
through hooks: a matrix module may define `build_scene(scene, make)`.
"""

import importlib
import pkgutil

import pytest
from sqlalchemy import select

import tests.matrix as matrix_pkg
from app.auth.services import create_invitation
from app.extensions import db
from app.models import VigilanceItem
from tests.matrix import PERSONAS


def _modules():
    for info in pkgutil.iter_modules(matrix_pkg.__path__):
        yield importlib.import_module(f"tests.matrix.{info.name}")


ROUTES = {}
SCENE_BUILDERS = []
for module in _modules():
    ROUTES.update(getattr(module, "ROUTES", {}))
    if hasattr(module, "build_scene"):
        SCENE_BUILDERS.append(module.build_scene)


def test_every_route_has_a_row(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    missing = sorted(endpoints - set(ROUTES))
    stale = sorted(set(ROUTES) - endpoints)
    assert not missing, f"routes without a row in tests/matrix: {missing}"
    assert not stale, f"rows for routes that do not exist: {stale}"


@pytest.fixture
def scene(make):
    """The Hématologie ward, one person per persona, and objects to act on."""
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    other = make.ward("oncologie", "Oncologie")
    people = {
        "visitor": None,
        "outsider": make.person(ward=other),
        "member": make.person(ward=ward),
        "admin": make.person(ward=ward, role="admin"),
        "manager": make.person(ward=ward, role="manager"),
        "platform": make.person(platform_admin=True),
    }
    invitation, token = create_invitation(ward, by=people["admin"])
    db.session.commit()
    objects = {
        "ward_slug": ward.slug,
        "join_request": make.join_request(ward).id,
        "invitation": invitation.id,
        "invitation_token": token,
        "vigilance_item": db.session.scalar(
            select(VigilanceItem.id).order_by(VigilanceItem.id.desc()).limit(1)
        ),
    }
    built = {"ward": ward, "other_ward": other, "people": people, "objects": objects}
    for builder in SCENE_BUILDERS:
        builder(built, make)
    return built


CASES = [(endpoint, persona) for endpoint in sorted(ROUTES) for persona in PERSONAS]


@pytest.mark.parametrize(("endpoint", "persona"), CASES)
def test_route_answers_as_expected(app, client, login_as, scene, endpoint, persona):
    route = ROUTES[endpoint]
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {}
    for name in rule.arguments:
        key = route.params.get(name, name)
        values[name] = scene["objects"].get(key, key)
    with app.test_request_context():
        from flask import url_for

        url = url_for(endpoint, **values)
    person = scene["people"][persona]
    http = login_as(person) if person is not None else client
    response = http.get(url) if route.method == "GET" else http.post(url, route.data)
    expected = route.expected[persona]
    assert response.status_code == expected, (
        f"{route.method} {url} as {persona}: {response.status_code}, expected {expected}"
    )
