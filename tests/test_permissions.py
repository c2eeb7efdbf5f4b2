"""Every route × every kind of person: the expected answer, so no route escapes a rule.

Rows live in tests/matrix/<feature>.py, keyed by (endpoint, method). An (endpoint, method)
of the app without a row fails here, and so does a row for one that does not exist.
Each case gets a fresh scene: the Hématologie ward with one person per persona, the
Oncologie ward for the outsider, and a few objects (`scene` below) that features extend
through hooks: a matrix module may define `build_scene(scene, make)`.

A refused POST (4xx, or a 302 sending the person away) must leave the database as it was:
every table's rows are fingerprinted before and after.
"""

import importlib
import pkgutil

import pytest
from flask import url_for
from sqlalchemy import select

import tests.matrix as matrix_pkg
from app.extensions import db
from app.models import VigilanceItem
from app.wards import OPEN_TO_NON_MEMBERS
from tests.conftest import changed_tables, db_fingerprint
from tests.matrix import PERSONAS, Route, rows, ward_page

IGNORED_METHODS = {"HEAD", "OPTIONS"}
# Tables a refused request may write to on purpose: a failed log-in attempt is recorded.
MAY_CHANGE_WHEN_REFUSED = frozenset({"login_event"})


def _modules():
    for info in pkgutil.iter_modules(matrix_pkg.__path__):
        yield importlib.import_module(f"tests.matrix.{info.name}")


ROUTES = {}
SCENE_BUILDERS = []
DUPLICATES = []
for module in _modules():
    for key, route in rows(getattr(module, "ROUTES", {})).items():
        if key in ROUTES:
            DUPLICATES.append((key, module.__name__))
        ROUTES[key] = route
    if hasattr(module, "build_scene"):
        SCENE_BUILDERS.append(module.build_scene)


def test_every_route_and_method_has_a_row(app):
    wanted = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - IGNORED_METHODS
    }
    missing = sorted(wanted - set(ROUTES))
    stale = sorted(set(ROUTES) - wanted)
    assert not missing, f"(endpoint, method) without a row in tests/matrix: {missing}"
    assert not stale, f"rows for (endpoint, method) that do not exist: {stale}"
    assert not DUPLICATES, f"rows written twice: {DUPLICATES}"


@pytest.fixture
def scene(make):
    """The Hématologie ward, one person per persona, and objects to act on."""
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    other = make.ward("oncologie", "Oncologie")
    people = {
        "visitor": None,
        "outsider": make.person(ward=other),
        "member": make.person(ward=ward),
        # A plain member; the feature scenes make her referent of their activities.
        "referent": make.person(ward=ward, first_name="Rémi"),
        "admin": make.person(ward=ward, role="admin"),
        "manager": make.person(ward=ward, role="manager"),
        "platform": make.person(platform_admin=True),
        "suspended": make.person(ward=ward, first_name="Sandrine"),
    }
    make.sanction(ward, people["suspended"], by=people["admin"], kind="suspension")
    invitation, token = make.invitation(ward, by=people["admin"])
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


CASES = [
    pytest.param(endpoint, method, persona, id=f"{endpoint}:{method}:{persona}")
    for endpoint, method in sorted(ROUTES)
    for persona in PERSONAS
]


def _refused(response) -> bool:
    """4xx, or a 302: the app answers a write done with 303, and a 302 only ever sends someone
    away (to log in, or a logged-in person away from the log-in and join pages)."""
    return response.status_code >= 400 or response.status_code == 302


def _suspended_answer(app, route, rule, method) -> int:
    """Like a member for reads and outside the ward space; 403 for a ward space's POST."""
    view = app.view_functions[rule.endpoint]
    if method == "GET" or "ward_slug" not in rule.arguments or getattr(view, OPEN_TO_NON_MEMBERS, False):
        return route.expected["member"]
    return 403


@pytest.mark.parametrize(("endpoint", "method", "persona"), CASES)
def test_route_answers_as_expected(app, client, login_as, scene, endpoint, method, persona):
    route = ROUTES[(endpoint, method)]
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and method in r.methods)
    values = {}
    for name in rule.arguments:
        key = route.params.get(name, name)
        values[name] = scene["objects"].get(key, key)
    with app.test_request_context():
        url = url_for(endpoint, **values)
    person = scene["people"][persona]
    http = login_as(person) if person is not None else client
    if method == "GET":
        response = http.get(url)
    else:
        # The token is read first: the page that gives it is not the POST's doing.
        data = {**route.data, "csrf_token": http.csrf_token()}
        before = db_fingerprint(ignore=MAY_CHANGE_WHEN_REFUSED)
        response = http.post(url, data)
    expected = route.expected[persona]
    if expected is None:  # the suspended member, not named by the row
        expected = _suspended_answer(app, route, rule, method)
    assert response.status_code == expected, (
        f"{method} {url} as {persona}: {response.status_code}, expected {expected}"
    )
    if method == "POST" and _refused(response):
        changed = changed_tables(before, db_fingerprint(ignore=MAY_CHANGE_WHEN_REFUSED))
        assert not changed, f"refused {method} {url} as {persona} changed {changed}"


def test_the_fingerprint_sees_a_changed_row(make):
    """The nothing-changed check above is only worth what its fingerprint sees."""
    ward = make.ward("cardiologie")
    before, before_but_wards = db_fingerprint(), db_fingerprint(ignore=frozenset({"ward"}))
    ward.name = "Cardiologie B"
    db.session.commit()
    assert changed_tables(before, db_fingerprint()) == ["ward"]
    assert changed_tables(before_but_wards, db_fingerprint(ignore=frozenset({"ward"}))) == []


def test_rows_read_both_key_forms():
    """Rows other branches add in the endpoint-keyed form keep working."""
    old = Route("POST", ward_page(303))
    new = Route(ward_page(303))
    keyed = rows({"feed.new": old, ("feed.new", "GET"): new})
    assert keyed == {("feed.new", "POST"): old, ("feed.new", "GET"): new}
    assert old.expected["referent"] == old.expected["member"] == 303  # not named: the member's answer
    with pytest.raises(ValueError, match="the row says POST"):
        rows({("feed.new", "GET"): old})
    with pytest.raises(ValueError, match="needs Route"):
        rows({"feed.new": new})
    with pytest.raises(ValueError, match="missing"):
        Route({"member": 200})
