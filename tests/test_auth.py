"""Log-in, log-out, throttling, registration requests, invitations, password changes."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.auth.passwords import password_problems
from app.auth.services import BAD_CREDENTIALS, create_invitation
from app.core.security import safe_next
from app.core.timefmt import utcnow
from app.extensions import db
from app.models import Invitation, JoinRequest, LoginEvent, Membership, Notification, Person
from tests.factories import PASSWORD


def _login(client, matricule, password=PASSWORD, **extra):
    return client.post("/connexion", {"matricule": matricule, "password": password, **extra})


def test_login_page_in_french(client):
    page = client.get("/connexion").get_data(as_text=True)
    assert 'lang="fr"' in page
    assert "Matricule" in page and "Mot de passe" in page


def test_member_logs_in_and_reaches_the_ward(client, make, ward):
    person = make.person(ward=ward, matricule="123456")
    response = _login(client, " 123456 ", next="/s/hematologie/")
    assert response.status_code == 303
    assert response.headers["Location"] == "/s/hematologie/"
    assert client.get("/s/hematologie/").status_code == 200
    event = db.session.scalar(select(LoginEvent).where(LoginEvent.person_id == person.id))
    assert event.outcome == "success"


def test_same_message_for_unknown_matricule_and_wrong_password(client, make, ward):
    make.person(ward=ward, matricule="123456")
    unknown = _login(client, "999999")
    wrong = _login(client, "123456", "pas le bon mot de passe")
    assert unknown.status_code == wrong.status_code == 422
    for response in (unknown, wrong):
        page = response.get_data(as_text=True)
        assert BAD_CREDENTIALS.replace("'", "&#39;") in page
        assert "pas le bon mot de passe" not in page  # the password is never sent back
    assert 'value="999999"' in unknown.get_data(as_text=True)  # what was typed is kept


def test_empty_login_form_answers_422_in_french(client):
    response = client.post("/connexion", {"matricule": "", "password": ""})
    assert response.status_code == 422
    assert "Ce champ est obligatoire." in response.get_data(as_text=True)


def test_login_throttled_per_matricule_then_locked(client, make, ward):
    make.person(ward=ward, matricule="123456")
    for _ in range(5):
        assert _login(client, "123456", "mauvais mot de passe").status_code == 422
    response = _login(client, "123456")  # right password, but must wait now
    assert response.status_code == 422
    assert "Trop de tentatives" in response.get_data(as_text=True)
    outcomes = db.session.scalars(select(LoginEvent.outcome).order_by(LoginEvent.id)).all()
    assert outcomes == ["failure"] * 5 + ["throttled"]


def test_throttle_lifts_by_itself(client, make, ward):
    make.person(ward=ward, matricule="123456")
    past = utcnow() - timedelta(minutes=20)
    for _ in range(12):
        make.login_event("123456", at=past)
    assert _login(client, "123456").status_code == 303


def test_unknown_matricule_is_throttled_the_same_way(client):
    for _ in range(5):
        _login(client, "000001", "mauvais mot de passe")
    assert "Trop de tentatives" in _login(client, "000001").get_data(as_text=True)


@pytest.mark.usefixtures("ward")
def test_pending_account_is_told_to_wait(client, make):
    make.person(matricule="555555", status="pending")
    page = _login(client, "555555").get_data(as_text=True)
    assert "pas encore été acceptée" in page


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/s/hematologie/", "/s/hematologie/"),
        ("//evil.fr", "/"),
        ("/\\evil.fr", "/"),
        ("https://evil.fr/", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
        ("/ok\r\nSet-Cookie: x", "/"),
    ],
)
def test_next_only_to_this_site(target, expected):
    assert safe_next(target) == expected


def test_login_ignores_foreign_next(client, make, ward):
    make.person(ward=ward, matricule="123456")
    response = _login(client, "123456", next="//evil.fr/")
    assert response.headers["Location"] == "/s/hematologie/"  # her ward (no foreign next)


def test_logout_is_a_post_and_revokes_copied_cookies(app, make, ward, login_as):
    person = make.person(ward=ward)
    client = login_as(person)
    with client.raw.session_transaction() as session:
        copied = dict(session)
    assert client.get("/deconnexion").status_code == 405
    assert client.post("/deconnexion").status_code == 303
    db.session.refresh(person)
    assert person.session_version == 2
    thief = app.test_client()
    with thief.session_transaction() as session:
        session.update(copied)
    assert thief.get("/s/hematologie/").status_code == 302  # back to the log-in page


def test_session_expires_after_idle_time(login_as, make, ward):
    person = make.person(ward=ward)
    client = login_as(person)
    with client.raw.session_transaction() as session:
        session["seen_at"] -= 31 * 60
    response = client.get("/s/hematologie/")
    assert response.status_code == 302
    assert "/connexion" in response.headers["Location"]


@pytest.mark.usefixtures("ward")
def test_htmx_request_without_session_gets_hx_redirect(client):
    response = client.get("/s/hematologie/", htmx=True)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/connexion")


# --- password rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["court", "password1234", "azertyuiopqsd", "123456789012", "chu123456789", "CHUmontpellier1"],
)
def test_weak_passwords_refused(app, password):
    with app.test_request_context():
        assert password_problems(password, context=("123456", "Dupont"))


def test_passphrase_accepted_and_privileged_needs_16(app):
    with app.test_request_context():
        assert password_problems("café du matin en pause") == []
        assert password_problems("café du matin!", privileged=True)


def test_password_with_matricule_refused(app):
    with app.test_request_context():
        assert password_problems("123456Dupont!", context=("123456", "Dupont"))


def test_change_password_needs_current_and_signs_out_elsewhere(login_as, make, ward):
    person = make.person(ward=ward)
    client = login_as(person)
    bad = client.post("/moi", {"current_password": "faux", "new_password": "une nouvelle phrase sûre"})
    assert bad.status_code == 422
    assert "actuel n&#39;est pas le bon" in bad.get_data(as_text=True)
    ok = client.post("/moi", {"current_password": PASSWORD, "new_password": "une nouvelle phrase sûre"})
    assert ok.status_code == 303
    db.session.refresh(person)
    assert person.session_version == 2
    assert client.get("/moi").status_code == 200  # this session was renewed


# --- registration -------------------------------------------------------------------------

REGISTRATION = {
    "ward": "hematologie",
    "matricule": "654321",
    "first_name": "Inès",
    "last_name": "Morel",
    "job": "as",
    "email": "",
    "password": "les pauses du jeudi",
    "message": "AS de nuit depuis septembre",
}


def test_registration_creates_pending_request_and_tells_admins(client, make, ward):
    admin = make.person(ward=ward, role="admin")
    response = client.post("/inscription", REGISTRATION)
    assert response.status_code == 200
    assert "Demande envoyée" in response.get_data(as_text=True)
    person = db.session.scalar(select(Person).where(Person.matricule == "654321"))
    assert person.status == "pending"
    join = db.session.scalar(select(JoinRequest).where(JoinRequest.person_id == person.id))
    assert join.status == "pending" and join.ward_id == ward.id
    assert db.session.scalar(select(Notification).where(Notification.person_id == admin.id)).kind == (
        "join.requested"
    )
    assert _login(client, "654321", "les pauses du jeudi").status_code == 422  # not yet


@pytest.mark.usefixtures("ward")
def test_registration_bad_input_keeps_what_was_typed(client):
    data = {**REGISTRATION, "password": "court", "email": "pas-un-email"}
    response = client.post("/inscription", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "adresse e-mail n&#39;est pas valide" in page
    assert 'value="Inès"' in page and 'value="654321"' in page
    assert db.session.scalar(select(func.count(Person.id))) == 0


@pytest.mark.usefixtures("ward")
def test_registration_short_password_message(client):
    response = client.post("/inscription", {**REGISTRATION, "password": "court"})
    assert response.status_code == 422
    assert "au moins 12 caractères" in response.get_data(as_text=True)
    assert 'value="court"' not in response.get_data(as_text=True)


@pytest.mark.usefixtures("ward")
def test_registration_existing_matricule(client, make):
    """The same answer as for a new account: the page never tells a matricule has one."""
    owner = make.person(matricule="654321")
    response = client.post("/inscription", REGISTRATION)
    assert response.status_code == 200
    assert "Demande envoyée" in response.get_data(as_text=True)
    assert "existe" not in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Person.id))) == 1
    assert db.session.scalar(select(func.count(JoinRequest.id))) == 0
    told = select(Notification.person_id).where(Notification.kind == "account.registration_attempt")
    assert db.session.scalar(told) == owner.id


@pytest.mark.usefixtures("ward")
def test_registration_unknown_ward_or_job(client):
    response = client.post("/inscription", {**REGISTRATION, "ward": "nulle-part", "job": "pirate"})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Person.id))) == 0


@pytest.mark.usefixtures("ward")
def test_registration_requires_csrf(client):
    assert client.post("/inscription", REGISTRATION, csrf=False).status_code == 400


@pytest.mark.usefixtures("ward")
def test_extra_fields_are_ignored(client):
    client.post(
        "/inscription", {**REGISTRATION, "status": "active", "is_platform_admin": "1", "role": "admin"}
    )
    person = db.session.scalar(select(Person).where(Person.matricule == "654321"))
    assert person.status == "pending" and not person.is_platform_admin


# --- invitations ---------------------------------------------------------------------------


def _invite(ward, admin):
    _invitation, token = create_invitation(ward, by=admin)
    db.session.commit()
    return token


def test_invitation_creates_active_member_once(client, make, ward, app):
    admin = make.person(ward=ward, role="admin")
    token = _invite(ward, admin)
    data = {k: v for k, v in REGISTRATION.items() if k not in ("ward", "message")}
    response = client.post(f"/invitation/{token}", data)
    assert response.status_code == 303
    person = db.session.scalar(select(Person).where(Person.matricule == "654321"))
    assert person.status == "active"
    assert db.session.scalar(select(Membership).where(Membership.person_id == person.id)).role == "member"
    other = app.test_client()
    assert other.get(f"/invitation/{token}").status_code == 404  # single use


def test_expired_invitation_refused(client, make, ward):
    admin = make.person(ward=ward, role="admin")
    token = _invite(ward, admin)
    invitation = db.session.scalar(select(Invitation))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.get(f"/invitation/{token}")
    assert response.status_code == 404
    assert "ne fonctionne pas" in response.get_data(as_text=True)


def test_logged_in_person_joins_through_invitation(login_as, make, ward):
    admin = make.person(ward=ward, role="admin")
    other_ward = make.ward("oncologie")
    person = make.person(ward=other_ward)
    token = _invite(ward, admin)
    client = login_as(person)
    assert client.get(f"/invitation/{token}").status_code == 200
    assert client.post(f"/invitation/{token}").status_code == 303
    assert client.get("/s/hematologie/").status_code == 200


def test_provisional_password_must_be_changed_first(login_as, make, ward):
    person = make.person(ward=ward, must_change_password=True)
    client = login_as(person)
    response = client.get("/s/hematologie/")
    assert response.status_code == 303
    assert response.headers["Location"] == "/moi"
    assert (
        client.post(
            "/moi", {"current_password": PASSWORD, "new_password": "ma propre phrase secrète"}
        ).status_code
        == 303
    )
    assert client.get("/s/hematologie/").status_code == 200
