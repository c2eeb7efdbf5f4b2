"""Ward spaces: the home page, asking to join, the admins' pending requests and invitations,
the platform admin creating a ward."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEntry, Invitation, JoinRequest, Membership, Notification, Person, Ward
from tests.conftest import count_queries
from tests.factories import PASSWORD


@pytest.fixture
def admin(make, ward):
    return make.person(ward=ward, role="admin", first_name="Nadia")


def test_member_sees_ward_home_with_role_and_nav(login_as, make, ward):
    client = login_as(make.person(ward=ward, first_name="Thomas"))
    page = client.get("/s/hematologie/").get_data(as_text=True)
    assert "Bonjour Thomas" in page
    assert "Personnel hospitalier" in page
    assert 'aria-label="Espace Hématologie – Soins intensifs"' in page
    assert ">Admin<" not in page


def test_admin_sees_admin_link(login_as, admin):
    assert ">Admin<" in login_as(admin).get("/s/hematologie/").get_data(as_text=True)


@pytest.mark.usefixtures("ward")
def test_outsider_is_refused_and_offered_to_ask(login_as, make):
    other = make.ward("oncologie")
    client = login_as(make.person(ward=other))
    response = client.get("/s/hematologie/")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "réservé à ses membres" in page
    assert "Demander à rejoindre ce service" in page


def test_ward_home_query_count_is_fixed(login_as, make, ward):
    client = login_as(make.person(ward=ward))
    with count_queries() as few:
        client.get("/s/hematologie/")
    for _ in range(30):
        make.person(ward=ward)
    with count_queries() as many:
        client.get("/s/hematologie/")
    assert len(few) == len(many)
    assert len(many) <= 12


@pytest.mark.usefixtures("ward")
def test_logged_in_person_asks_to_join_once(login_as, make, admin):
    other = make.ward("oncologie")
    person = make.person(ward=other, first_name="Karim")
    client = login_as(person)
    response = client.post("/s/hematologie/rejoindre", {"message": "Je viens souvent aider"})
    assert response.status_code == 303
    join = db.session.scalar(select(JoinRequest))
    assert join.person_id == person.id
    assert join.message == "Je viens souvent aider"
    assert (
        db.session.scalar(select(Notification.kind).where(Notification.person_id == admin.id))
        == "join.requested"
    )
    assert client.get("/s/hematologie/rejoindre").status_code == 403  # already pending


@pytest.mark.usefixtures("ward")
def test_join_message_too_long_is_422(login_as, make):
    client = login_as(make.person(ward=make.ward("oncologie")))
    response = client.post("/s/hematologie/rejoindre", {"message": "x" * 501})
    assert response.status_code == 422
    assert "500 caractères au plus." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(JoinRequest.id))) == 0


# --- admin: pending requests -------------------------------------------------------------


def test_admin_accepts_request_with_htmx_fragment(login_as, make, ward, admin):
    join = make.join_request(ward, make.person(status="pending", first_name="Inès"))
    client = login_as(admin)
    response = client.post(f"/s/hematologie/admin/demandes/{join.id}/accepter", htmx=True)
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<li class="card request"')
    assert "fait maintenant partie du service" in fragment
    db.session.refresh(join)
    assert join.status == "approved"
    person = db.session.get(Person, join.person_id)
    assert person.status == "active"
    membership = db.session.scalar(select(Membership).where(Membership.person_id == person.id))
    assert membership.role == "member"
    assert db.session.scalar(select(AuditEntry.action)) == "join.approved"
    assert (
        db.session.scalar(select(Notification.kind).where(Notification.person_id == person.id))
        == "join.approved"
    )


def test_refusal_needs_a_reason(login_as, make, ward, admin):
    join = make.join_request(ward)
    client = login_as(admin)
    response = client.post(f"/s/hematologie/admin/demandes/{join.id}/refuser", {"reason": "  "}, htmx=True)
    assert response.status_code == 422
    assert "Indiquez la raison du refus" in response.get_data(as_text=True)
    db.session.refresh(join)
    assert join.status == "pending"


def test_refusal_tells_the_person_why(login_as, make, ward, admin):
    join = make.join_request(ward)
    client = login_as(admin)
    response = client.post(
        f"/s/hematologie/admin/demandes/{join.id}/refuser", {"reason": "Pas dans l'équipe"}
    )
    assert response.status_code == 303
    note = db.session.scalar(select(Notification).where(Notification.person_id == join.person_id))
    assert "Pas dans l'équipe" in note.text
    assert db.session.scalar(select(AuditEntry.reason)) == "Pas dans l'équipe"


def test_second_admin_is_told_it_was_already_decided(login_as, make, ward, admin):
    other_admin = make.person(ward=ward, role="admin")
    join = make.join_request(ward)
    assert login_as(admin).post(f"/s/hematologie/admin/demandes/{join.id}/accepter").status_code == 303
    response = login_as(other_admin).post(
        f"/s/hematologie/admin/demandes/{join.id}/refuser", {"reason": "non"}, htmx=True
    )
    assert response.status_code == 409
    assert "déjà été traitée" in response.get_data(as_text=True)
    db.session.refresh(join)
    assert join.status == "approved"


@pytest.mark.usefixtures("ward")
def test_request_of_another_ward_is_404(login_as, make, admin):
    other = make.ward("oncologie")
    join = make.join_request(other)
    response = login_as(admin).post(f"/s/hematologie/admin/demandes/{join.id}/accepter")
    assert response.status_code == 404
    db.session.refresh(join)
    assert join.status == "pending"


def test_admin_space_asks_for_password_again(login_as, admin):
    client = login_as(admin, fresh=False)
    response = client.get("/s/hematologie/admin/")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/confirmer?next=/s/hematologie/admin/")
    wrong = client.post("/confirmer", {"password": "faux", "next": "/s/hematologie/admin/"})
    assert wrong.status_code == 422
    ok = client.post("/confirmer", {"password": PASSWORD, "next": "/s/hematologie/admin/"})
    assert ok.headers["Location"] == "/s/hematologie/admin/"
    assert client.get("/s/hematologie/admin/").status_code == 200


def test_manager_sees_admins_decisions_in_the_audit_log(login_as, make, ward, admin):
    manager = make.person(ward=ward, role="manager")
    join = make.join_request(ward, make.person(status="pending", first_name="Inès", last_name="Morel"))
    login_as(admin).post(f"/s/hematologie/admin/demandes/{join.id}/accepter")
    page = login_as(manager).get("/s/hematologie/admin/").get_data(as_text=True)
    assert "a accepté la demande d&#39;accès de Inès Morel" in page  # in French words
    assert "join.approved" not in page
    assert "Nadia" in page


# --- invitations ----------------------------------------------------------------------------


def test_admin_creates_and_revokes_an_invitation(login_as, admin):
    client = login_as(admin)
    response = client.post("/s/hematologie/admin/invitations", {"note": "Pour Léa, nouvelle IDE"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "/invitation/" in page
    link = page.split('value="http://localhost/invitation/')[1].split('"')[0]
    invitation = db.session.scalar(select(Invitation))
    assert invitation.token_hash != link  # only the hash is stored
    assert client.post(f"/s/hematologie/admin/invitations/{invitation.id}/annuler").status_code == 303
    db.session.refresh(invitation)
    assert invitation.revoked_at is not None
    assert client.get(f"/invitation/{link}").status_code == 404


# --- platform -------------------------------------------------------------------------------


def test_platform_admin_creates_a_ward_with_its_manager(login_as, make):
    platform = make.person(platform_admin=True)
    manager = make.person(matricule="700001")
    client = login_as(platform)
    response = client.post(
        "/plateforme/",
        {
            "name": "Cardiologie B",
            "slug": "cardiologie-b",
            "manager_matricule": "700001",
            "admin_matricules": "",
        },
    )
    assert response.status_code == 303
    ward = db.session.scalar(select(Ward).where(Ward.slug == "cardiologie-b"))
    membership = db.session.scalar(select(Membership).where(Membership.ward_id == ward.id))
    assert membership.person_id == manager.id
    assert membership.role == "manager"


def test_platform_bad_input_keeps_what_was_typed(login_as, make):
    make.ward("cardio")
    client = login_as(make.person(platform_admin=True))
    taken = client.post("/plateforme/", {"name": "Cardio", "slug": "cardio"})
    assert taken.status_code == 422
    assert "Cette adresse courte est déjà prise." in taken.get_data(as_text=True)
    response = client.post(
        "/plateforme/",
        {"name": "Cardio B", "slug": "cardio-b", "manager_matricule": "", "admin_matricules": "424242"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Aucun compte actif pour le matricule 424242." in page
    assert 'value="cardio-b"' in page
    bad_slug = client.post("/plateforme/", {"name": "Cardio", "slug": "Cardio B!"})
    assert bad_slug.status_code == 422
    assert 'value="Cardio B!"' in bad_slug.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Ward.id))) == 1
