"""Shared-workstation mode: offered by default on the ward's computers, a 2-minute idle time
(per ward), "je suis encore là", a big "Terminer", nothing cached. Bad address ranges are
refused in French with nothing changed."""

import time

import pytest

from app.core.errors import DomainError
from app.extensions import db
from app.wards import workstation
from tests.conftest import changed_tables, db_fingerprint

PASSWORD = "Une phrase de passe assez longue"
SETTINGS = "/s/hematologie/planning/equipes/postes-partages"


def _login(client, matricule, **extra):
    return client.post("/connexion", {"matricule": matricule, "password": PASSWORD, **extra})


def test_address_ranges_are_read_and_normalised():
    assert workstation.parse_networks("10.12.4.7/24, 10.12.5.17 ;fd00::/8") == [
        "10.12.4.0/24",
        "10.12.5.17/32",
        "fd00::/8",
    ]
    assert workstation.parse_networks("") == []
    for bad in ("10.0.0.300/24", "poste-3", "10.0.0.0/33"):
        with pytest.raises(DomainError, match=f"« {bad} » n'est pas une adresse"):
            workstation.parse_networks(bad)


def test_the_ward_of_a_workstation_address(ward, other_ward):
    ward.workstation_networks = "10.12.4.0/24"
    other_ward.workstation_networks = "10.13.0.0/16"
    other_ward.workstation_idle_minutes = 5
    db.session.commit()
    assert workstation.workstation_ward("10.12.4.20") == ward
    assert workstation.workstation_ward("10.13.9.9") == other_ward
    assert workstation.workstation_ward("192.168.1.2") is None
    assert workstation.workstation_ward("pas une adresse") is None
    assert workstation.idle_seconds("10.13.9.9") == 300
    assert workstation.idle_seconds("192.168.1.2") == 120  # two minutes by default


def test_admin_sets_the_shared_workstations(login_as, people, ward):
    client = login_as(people["admin"])
    assert "Postes partagés du service" in client.get("/s/hematologie/planning/equipes/").get_data(
        as_text=True
    )
    response = client.post(SETTINGS, {"networks": "10.12.4.7/24", "idle_minutes": "3"})
    assert response.status_code == 303
    db.session.refresh(ward)
    assert (ward.workstation_networks, ward.workstation_idle_minutes) == ("10.12.4.0/24", 3)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"networks": "10.0.0.300/24"}, "« 10.0.0.300/24 » n&#39;est pas une adresse ni une plage"),
        ({"idle_minutes": "0"}, "De 1 à 30 minutes."),
        ({"idle_minutes": "beaucoup"}, "Not a valid integer value."),
    ],
)
def test_bad_workstation_settings_change_nothing(login_as, people, fields, message):
    client = login_as(people["admin"])
    before = db_fingerprint()
    response = client.post(SETTINGS, {"networks": "10.12.4.0/24", "idle_minutes": "2", **fields})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page or ("Not a valid" in message and "entier" in page)
    assert changed_tables(before, db_fingerprint()) == []


def test_members_cannot_set_workstations(login_as, people):
    assert login_as(people["member"]).post(SETTINGS, {"networks": "", "idle_minutes": "2"}).status_code == 403


def _shared_box(page: str) -> str:
    at = page.index('id="shared"')
    return page[page.rindex("<input", 0, at) : page.index(">", at) + 1]


def test_the_log_in_offers_shared_mode_by_default_on_a_workstation(client, ward):
    assert "checked" not in _shared_box(client.get("/connexion").get_data(as_text=True))
    ward.workstation_networks = "127.0.0.0/8"  # the test client's address
    db.session.commit()
    assert "checked" in _shared_box(client.get("/connexion").get_data(as_text=True))


def test_a_shared_session_ends_after_two_idle_minutes(client, make, ward):
    make.person(ward=ward, matricule="500001", first_name="Inès")
    response = _login(client, "500001", shared="y")
    assert response.status_code == 303
    home = client.get("/s/hematologie/")
    page = home.get_data(as_text=True)
    assert 'id="poste-partage" data-idle="120"' in page
    assert "Terminer" in page and "Je suis encore là" in page
    assert home.headers["Cache-Control"] == "no-store"  # Back shows nothing after
    with client.raw.session_transaction() as session:
        assert session["shared_idle"] == 120
        session["seen_at"] = int(time.time()) - 121
    after = client.get("/s/hematologie/")
    assert after.status_code == 302 and "/connexion" in after.headers["Location"]


def test_still_here_restarts_the_idle_time(client, make, ward):
    make.person(ward=ward, matricule="500002")
    _login(client, "500002", shared="y")
    with client.raw.session_transaction() as session:
        session["seen_at"] = int(time.time()) - 100
    assert client.post("/poste-partage/encore", htmx=True).status_code == 204
    with client.raw.session_transaction() as session:
        assert int(time.time()) - session["seen_at"] < 5
    assert client.get("/s/hematologie/").status_code == 200


def test_a_personal_phone_keeps_the_normal_session(client, make, ward):
    make.person(ward=ward, matricule="500003")
    _login(client, "500003")
    with client.raw.session_transaction() as session:
        assert "shared_idle" not in session
        session["seen_at"] = int(time.time()) - 600
    page = client.get("/s/hematologie/")
    assert page.status_code == 200 and "poste-partage" not in page.get_data(as_text=True)


def test_terminer_on_a_shared_workstation_leaves_the_log_in_form_for_the_next(client, make, ward):
    make.person(ward=ward, matricule="500004")
    _login(client, "500004", shared="y")
    response = client.post("/deconnexion")
    assert response.status_code == 303 and response.headers["Location"] == "/connexion"
    assert client.get("/s/hematologie/").status_code == 302
