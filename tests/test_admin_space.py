"""The members page and a member's page: everyone with job, role, labels, activities
referred, last visit and standing; search and filters; role changes (the manager appointed
by the manager only), labels, referents, removal; the last manager and the last admin kept;
bad input refused in French with nothing changed (both engines)."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.activities import policies as activity_policies
from app.core.errors import DomainError
from app.core.timefmt import utcnow
from app.extensions import db
from app.limits import LIMITS, check_hourly
from app.models import (
    ActivityReferent,
    ActivityTransition,
    AuditEntry,
    Delegation,
    JoinRequest,
    LoginEvent,
    Membership,
    Notification,
    Person,
    SignUp,
)
from tests.conftest import Client, changed_tables, count_queries, db_fingerprint
from tests.factories import PASSWORD

MEMBERS = "/s/hematologie/admin/membres"


def _url(person, suffix=""):
    return f"{MEMBERS}/{person.id}{suffix}"


def test_the_members_page_shows_everyone_with_what_admins_need(make, login_as, people, ward):
    massage = make.activity(ward, referents=[people["referent"]])
    make.sanction(ward, people["julie"], kind="suspension")
    make.sanction(ward, people["ines"], kind="warning")
    page = login_as(people["admin"]).get(MEMBERS).get_data(as_text=True)
    for name in ("Thomas Roux", "Julie Garnier", "Léa Moreau", "Nadia Benali", "Sophie Marchand"):
        assert name in page
    assert "Karim" not in page  # another ward's member
    assert massage.name in page and "Suspendu·e" in page and "1 avertissement" in page
    assert "Infirmier·ère (IDE)" in page and "Cadre de soins" in page and "jamais" in page


def test_search_and_filters_narrow_the_list_and_htmx_gets_the_list_only(login_as, people, make, ward):
    make.sanction(ward, people["julie"], kind="suspension")
    admin = login_as(people["admin"])
    found = admin.get(f"{MEMBERS}?q=garn").get_data(as_text=True)
    assert "Julie Garnier" in found and "Thomas Roux" not in found
    admins = admin.get(f"{MEMBERS}?role=admin").get_data(as_text=True)
    assert "Nadia Benali" in admins and "Thomas Roux" not in admins
    suspended = admin.get(f"{MEMBERS}?statut=suspended").get_data(as_text=True)
    assert "Julie Garnier" in suspended and "Thomas Roux" not in suspended
    fragment = admin.get(f"{MEMBERS}?q=roux", htmx=True).get_data(as_text=True)
    assert fragment.startswith('<section id="liste-membres"') and "<html" not in fragment
    odd = admin.get(f"{MEMBERS}?role=roi&statut=%00&etiquette=x&q=" + "a" * 500)
    assert odd.status_code == 200


def test_the_members_page_runs_a_fixed_number_of_queries(make, login_as, people, ward):
    admin = login_as(people["admin"])
    admin.get(MEMBERS)
    with count_queries() as few:
        admin.get(MEMBERS)
    for n in range(6):
        person = make.person(ward=ward, first_name=f"Nouvelle{n}")
        make.activity(ward, name=f"Activité {n}", referents=[person])
        make.sanction(ward, person, kind="warning")
    with count_queries() as many:
        admin.get(MEMBERS)
    assert len(many) == len(few)


def test_an_admin_makes_a_member_admin_and_back(login_as, people):
    admin = login_as(people["admin"])
    assert admin.post(_url(people["thomas"], "/role"), {"role": "admin"}).status_code == 303
    membership = db.session.scalar(select(Membership).where(Membership.person_id == people["thomas"].id))
    assert membership.role == "admin"
    assert db.session.scalar(select(AuditEntry.detail).where(AuditEntry.action == "member.role_changed")) == (
        '{"from": "member", "to": "admin"}'
    )
    assert db.session.scalar(select(Notification.text).where(Notification.kind == "member.role"))
    assert admin.post(_url(people["thomas"], "/role"), {"role": "member"}).status_code == 303


def test_only_the_manager_appoints_a_manager(login_as, people):
    before = db_fingerprint()
    refused = login_as(people["admin"]).post(_url(people["thomas"], "/role"), {"role": "manager"})
    assert refused.status_code == 422 and "nommée par la cadre" in refused.get_data(as_text=True)
    assert changed_tables(before, db_fingerprint()) == []
    done = login_as(people["manager"]).post(_url(people["thomas"], "/role"), {"role": "manager"})
    assert done.status_code == 303


def test_the_last_manager_and_the_last_admin_stay(login_as, people, make, ward):
    platform = make.person(platform_admin=True)
    before = db_fingerprint()
    manager = login_as(people["manager"])
    last_admin = manager.post(_url(people["admin"], "/role"), {"role": "member"})
    assert last_admin.status_code == 422 and "dernière administrateur" in last_admin.get_data(as_text=True)
    removed = manager.post(_url(people["admin"], "/retirer"), {"reason": "Départ", "confirm": "y"})
    assert removed.status_code == 422
    assert changed_tables(before, db_fingerprint()) == []
    # A second manager may demote the first, never the last one.
    make.membership(ward, platform, role="manager")
    assert login_as(platform).post(_url(people["manager"], "/role"), {"role": "admin"}).status_code == 303
    db.session.delete(db.session.scalar(select(Membership).where(Membership.person_id == platform.id)))
    db.session.commit()
    # Now Sophie is admin, Nadia admin; nobody is manager: nothing to protect there.
    assert db.session.scalar(select(Membership.role).where(Membership.person_id == people["manager"].id)) == (
        "admin"
    )


def test_labels_are_set_from_the_list_only(login_as, people):
    admin = login_as(people["admin"])
    response = admin.post(_url(people["thomas"], "/etiquettes"), {"labels": ["moderator", "it"]})
    assert response.status_code == 303
    membership = db.session.scalar(select(Membership).where(Membership.person_id == people["thomas"].id))
    assert membership.label_codes == ["moderator", "it"]
    assert "modérateur·rice, informaticien·ne" in membership.role_label
    before = db_fingerprint()
    bad = admin.post(_url(people["thomas"], "/etiquettes"), {"labels": ["chef"]})
    assert bad.status_code == 422 and "de la liste" in bad.get_data(as_text=True)
    assert changed_tables(before, db_fingerprint()) == []


def test_an_admin_appoints_and_withdraws_a_referent_from_the_member_page(make, login_as, people, ward):
    massage = make.activity(ward)
    admin = login_as(people["admin"])
    assert admin.post(_url(people["thomas"], "/referent"), {"activity_id": massage.id}).status_code == 303
    assert db.session.scalar(select(ActivityReferent.person_id)) == people["thomas"].id
    again = admin.post(_url(people["thomas"], "/referent"), {"activity_id": massage.id})
    assert again.status_code == 422 and "déjà référent" in again.get_data(as_text=True)
    out = admin.post(_url(people["thomas"], "/referent"), {"activity_id": massage.id, "retirer": "1"})
    assert out.status_code == 303 and db.session.scalar(select(ActivityReferent.id)) is None


def test_another_wards_activity_or_member_is_refused(make, login_as, people, other_ward):
    elsewhere = make.activity(other_ward, name="Yoga")
    admin = login_as(people["admin"])
    before = db_fingerprint()
    bad = admin.post(_url(people["thomas"], "/referent"), {"activity_id": elsewhere.id})
    assert bad.status_code == 422 and "du service" in bad.get_data(as_text=True)
    assert admin.get(_url(people["outsider"])).status_code == 404
    assert admin.post(_url(people["outsider"], "/role"), {"role": "admin"}).status_code == 404
    assert admin.post(f"{MEMBERS}/99999/retirer", {"reason": "x", "confirm": "y"}).status_code == 404
    assert changed_tables(before, db_fingerprint()) == []


def test_removing_a_member_releases_her_places_and_asks_a_confirmation(make, login_as, people, ward):
    activity = make.activity(ward, referents=[people["thomas"]])
    slot = make.slot(activity, capacity=1)
    make.sign_up(slot, people["thomas"])
    make.sign_up(slot, people["julie"], status="waiting", waiting_seq=1)
    admin = login_as(people["admin"])
    before = db_fingerprint()
    unconfirmed = admin.post(_url(people["thomas"], "/retirer"), {"reason": "A changé de service"})
    assert unconfirmed.status_code == 422 and "Cochez la case" in unconfirmed.get_data(as_text=True)
    assert changed_tables(before, db_fingerprint()) == []
    done = admin.post(_url(people["thomas"], "/retirer"), {"reason": "A changé de service", "confirm": "y"})
    assert done.status_code == 303
    assert db.session.scalar(select(Membership).where(Membership.person_id == people["thomas"].id)) is None
    assert (
        db.session.scalar(select(SignUp.status).where(SignUp.person_id == people["julie"].id)) == "confirmed"
    )
    assert db.session.scalar(select(ActivityReferent.id)) is None
    assert login_as(people["thomas"]).get("/s/hematologie/").status_code == 403


@pytest.mark.parametrize("persona", ["thomas", "outsider"])
def test_members_pages_are_for_admins_only(login_as, people, persona):
    assert login_as(people[persona]).get(MEMBERS).status_code == 403


# --- the second password step on every admin action ------------------------------------------


def test_entering_the_admin_space_asks_the_password_once_per_session(login_as, people):
    client = login_as(people["admin"], fresh=False)
    response = client.get(MEMBERS)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/confirmer?next=/s/hematologie/admin/membres")
    ok = client.post("/confirmer", {"password": PASSWORD, "next": MEMBERS})
    assert ok.headers["Location"] == MEMBERS
    assert client.get(MEMBERS).status_code == 200


def test_a_stale_action_asks_the_password_in_place_then_goes_on(login_as, people):
    client = login_as(people["admin"], fresh=False)
    before = db_fingerprint()
    asked = client.post(_url(people["thomas"], "/role"), {"role": "admin"})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Confirmez votre mot de passe" in page
    assert 'name="role" value="admin"' in page and f'action="{_url(people["thomas"], "/role")}"' in page
    assert changed_tables(before, db_fingerprint()) == []
    wrong = client.post(_url(people["thomas"], "/role"), {"role": "admin", "reauth_password": "pas le bon"})
    assert wrong.status_code == 422 and "Mot de passe incorrect" in wrong.get_data(as_text=True)
    assert "pas le bon" not in wrong.get_data(as_text=True)  # never echoed
    assert changed_tables(before, db_fingerprint()) == ["login_event"]
    done = client.post(_url(people["thomas"], "/role"), {"role": "admin", "reauth_password": PASSWORD})
    assert done.status_code == 303
    membership = db.session.scalar(select(Membership).where(Membership.person_id == people["thomas"].id))
    assert membership.role == "admin"
    # Confirmed: the next action within ten minutes goes straight on.
    assert client.post(_url(people["thomas"], "/etiquettes"), {"labels": "it"}).status_code == 303


def test_on_htmx_the_prompt_takes_the_main_area(login_as, people):
    client = login_as(people["admin"], fresh=False)
    asked = client.post(_url(people["thomas"], "/role"), {"role": "admin"}, htmx=True)
    assert asked.status_code == 200
    assert asked.headers["HX-Retarget"] == "#contenu" and asked.headers["HX-Reswap"] == "innerHTML"
    assert "<html" not in asked.get_data(as_text=True)


def test_leaders_actions_outside_the_admin_space_ask_it_too(make, login_as, people, ward):
    activity = make.activity(ward)
    client = login_as(people["admin"], fresh=False)
    before = db_fingerprint()
    asked = client.post(
        f"/s/hematologie/activites/{activity.id}/referents", {"person_id": people["thomas"].id}
    )
    assert asked.status_code == 200 and "Confirmez votre mot de passe" in asked.get_data(as_text=True)
    assert changed_tables(before, db_fingerprint()) == []
    # A member's own writes are not admin actions: no second step.
    member = login_as(people["thomas"], fresh=False)
    assert "Confirmez" not in member.get("/s/hematologie/").get_data(as_text=True)


def test_wrong_passwords_at_the_second_step_are_throttled_like_log_in(login_as, people, make):
    for _ in range(5):
        make.login_event(people["admin"].matricule, ip="127.0.0.1")
    client = login_as(people["admin"], fresh=False)
    response = client.post(_url(people["thomas"], "/role"), {"role": "admin", "reauth_password": PASSWORD})
    assert response.status_code == 422 and "Trop de tentatives" in response.get_data(as_text=True)
    membership = db.session.scalar(select(Membership).where(Membership.person_id == people["thomas"].id))
    assert membership.role == "member"


# --- access requests: a refusal explained, asked again; registration that reveals nothing ----

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


@pytest.fixture
def refused(make, ward, people, login_as):
    applicant = make.person(matricule="777001", status="pending", first_name="Inès", last_name="Morel")
    join = make.join_request(ward, applicant)
    response = login_as(people["admin"]).post(
        f"/s/hematologie/admin/demandes/{join.id}/refuser", {"reason": "Pas dans l'équipe de nuit"}
    )
    assert response.status_code == 303
    return applicant


@pytest.mark.usefixtures("ward")
def test_a_refused_applicant_sees_why_and_asks_again(client, refused):
    response = client.post("/connexion", {"matricule": "777001", "password": PASSWORD})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "n&#39;a pas été acceptée" in page and "Pas dans l&#39;équipe de nuit" in page
    assert "Refaire ma demande" in page and PASSWORD not in page
    again = client.post("/connexion/redemander", {"ward": "hematologie", "message": "Je suis passée de nuit"})
    assert again.status_code == 200 and "Demande envoyée" in again.get_data(as_text=True)
    pending = db.session.scalars(select(JoinRequest).where(JoinRequest.person_id == refused.id)).all()
    assert sorted(j.status for j in pending) == ["pending", "refused"]
    waiting = client.post("/connexion", {"matricule": "777001", "password": PASSWORD}).get_data(as_text=True)
    assert "pas encore été acceptée" in waiting and "Refaire ma demande" not in waiting
    twice = client.post("/connexion/redemander", {"ward": "hematologie"})
    assert twice.status_code == 302  # the offer was used: nothing more is written
    assert len(db.session.scalars(select(JoinRequest).where(JoinRequest.person_id == refused.id)).all()) == 2


@pytest.mark.usefixtures("refused")
def test_asking_again_needs_the_right_password_first(client):
    before = db_fingerprint(ignore=frozenset({"login_event"}))
    wrong = client.post("/connexion", {"matricule": "777001", "password": "pas le bon mot de passe"})
    assert "Refaire ma demande" not in wrong.get_data(as_text=True)
    assert client.post("/connexion/redemander", {"ward": "hematologie"}).status_code == 302
    assert changed_tables(before, db_fingerprint(ignore=frozenset({"login_event"}))) == []


@pytest.mark.usefixtures("ward")
def test_registration_answers_the_same_with_or_without_an_account(client, make):
    new = client.post("/inscription", REGISTRATION).get_data(as_text=True)
    make.person(matricule="123123")
    existing = client.post("/inscription", {**REGISTRATION, "matricule": "123123"}).get_data(as_text=True)
    strip = lambda page: re.sub(r'name="csrf_token" value="[^"]+"|"X-CSRFToken": "[^"]+"', "", page)  # noqa: E731
    assert strip(new) == strip(existing)


@pytest.mark.usefixtures("ward")
def test_registration_shows_every_error_at_once_and_never_echoes_the_password(client):
    response = client.post(
        "/inscription", {**REGISTRATION, "first_name": "", "job": "pirate", "password": "court"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.count('class="error"') >= 3  # first name, job and the password rule together
    assert 'value="court"' not in page


# --- the platform admin appoints a ward's manager and admins after its creation -----------


@pytest.mark.usefixtures("people")
def test_the_platform_admin_appoints_a_manager_to_a_ward_without_one(make, login_as):
    platform = make.person(platform_admin=True)
    lonely = make.ward("cardiologie", "Cardiologie")
    make.person(ward=lonely, role="admin", first_name="Yasmine", matricule="555001")
    chosen = make.person(first_name="Claire", last_name="Dumas", matricule="555002")
    client = login_as(platform)
    page = client.get("/plateforme/").get_data(as_text=True)
    assert "sans cadre de soins" in page and "Cardiologie" in page
    banner = login_as(db.session.scalar(select(Person).where(Person.matricule == "555001")))
    assert "pas de cadre de soins" in banner.get("/s/cardiologie/admin/").get_data(as_text=True)
    prefix = f"w{lonely.id}-"
    done = client.post(
        f"/plateforme/services/{lonely.id}/nommer",
        {prefix + "matricule": "555002", prefix + "role": "manager"},
    )
    assert done.status_code == 303
    role = db.session.scalar(select(Membership.role).where(Membership.person_id == chosen.id))
    assert role == "manager"
    assert (
        db.session.scalar(select(AuditEntry.action).where(AuditEntry.target_id == chosen.id))
        == "role.appointed"
    )


def test_the_platform_admin_replaces_a_manager(make, login_as, people, ward):
    platform = make.person(platform_admin=True)
    make.person(first_name="Claire", matricule="555003")
    prefix = f"w{ward.id}-"
    response = login_as(platform).post(
        f"/plateforme/services/{ward.id}/nommer",
        {prefix + "matricule": "555003", prefix + "role": "manager", prefix + "replace": "y"},
    )
    assert response.status_code == 303
    former = db.session.scalar(select(Membership.role).where(Membership.person_id == people["manager"].id))
    assert former == "admin"


@pytest.mark.parametrize("matricule", ["", "000000", "   "])
def test_a_bad_appointment_changes_nothing(make, login_as, ward, matricule):
    platform = make.person(platform_admin=True)
    before = db_fingerprint()
    prefix = f"w{ward.id}-"
    response = login_as(platform).post(
        f"/plateforme/services/{ward.id}/nommer",
        {prefix + "matricule": matricule, prefix + "role": "manager"},
    )
    assert response.status_code == 422
    assert changed_tables(before, db_fingerprint()) == []
    assert login_as(platform).post("/plateforme/services/9999/nommer", {}).status_code == 404


# --- throttling that cannot be turned against a colleague ---------------------------------


def _try(client, matricule, password, ip):
    return client.post(
        "/connexion", {"matricule": matricule, "password": password}, environ_base={"REMOTE_ADDR": ip}
    )


def test_wrong_passwords_from_one_workstation_do_not_lock_the_owner_elsewhere(client, make, ward, app):
    make.person(ward=ward, matricule="808080")
    for _ in range(6):
        _try(client, "808080", "pas le bon", "10.0.0.9")
    assert "Trop de tentatives" in _try(client, "808080", PASSWORD, "10.0.0.9").get_data(as_text=True)
    owner = _try(Client(app.test_client()), "808080", PASSWORD, "10.0.0.2")
    assert owner.status_code == 303  # her own workstation: straight in


def test_the_account_delay_is_short_and_told_at_the_next_log_in(client, make, ward, app):
    make.person(ward=ward, matricule="808081")
    for n in range(10):
        make.login_event("808081", ip=f"10.1.0.{n}", at=utcnow() - timedelta(seconds=2))
    assert "Trop de tentatives" in _try(client, "808081", PASSWORD, "10.0.0.2").get_data(as_text=True)
    waited = utcnow() - timedelta(minutes=2)  # the account's delay is a minute at most
    db.session.execute(update(LoginEvent).where(LoginEvent.outcome == "failure").values(at=waited))
    db.session.commit()
    fresh = Client(app.test_client())
    response = _try(fresh, "808081", PASSWORD, "10.0.0.2")
    assert response.status_code == 303
    home = fresh.get("/", follow_redirects=True).get_data(as_text=True)
    assert "10 tentatives de connexion échouées sur votre compte depuis votre dernière visite" in home


@pytest.mark.usefixtures("ward")
def test_an_admin_lifts_a_lock(client, make, people, login_as):
    for _ in range(6):
        make.login_event(people["thomas"].matricule, ip="127.0.0.1")
    admin = login_as(people["admin"])
    assert "Débloquer la connexion" in admin.get(_url(people["thomas"])).get_data(as_text=True)
    assert admin.post(_url(people["thomas"], "/debloquer")).status_code == 303
    assert _try(client, people["thomas"].matricule, PASSWORD, "127.0.0.1").status_code == 303
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "account.unlocked"))


# --- limits on what can be sent in bulk ---------------------------------------------------


def test_comments_have_an_hourly_limit_with_a_french_message(make, login_as, people, ward):
    publication = make.publication(ward, people["julie"], status="published")
    for n in range(LIMITS["comment"].per_hour):
        make.comment(publication, people["thomas"], body=f"Message {n}")
    url = f"/s/hematologie/publications/{publication.id}/commentaires"
    before = db_fingerprint()
    response = login_as(people["thomas"]).post(url, {"body": "Encore un"}, htmx=True)
    assert response.status_code == 422
    assert "20 messages dans les discussions dans l&#39;heure" in response.get_data(as_text=True)
    assert changed_tables(before, db_fingerprint()) == []


def _fill(kind, make, ward, person, other):
    for n in range(LIMITS[kind].per_hour):
        if kind == "contact":
            make.contact_message(ward, person, subject=f"Idée {n}")
        elif kind == "event":
            make.event(ward, person, title=f"Réunion {n}")
        elif kind == "poll":
            make.poll(ward, person, title=f"Soirée {n}")
        elif kind == "report":
            make.report(make.postit(ward, other), person)


@pytest.mark.parametrize("kind", ["contact", "event", "poll", "report"])
def test_other_bulk_writes_have_hourly_limits(make, people, ward, kind):
    _fill(kind, make, ward, people["thomas"], people["julie"])
    with pytest.raises(DomainError, match="dans l'heure"):
        check_hourly(kind, people["thomas"], ward.id)
    db.session.rollback()
    check_hourly(kind, people["julie"], ward.id)  # someone else is not held back
    db.session.rollback()


def test_an_hour_later_the_count_starts_again(make, people, ward):
    earlier = utcnow() - timedelta(hours=1, minutes=1)
    for n in range(LIMITS["event"].per_hour):
        make.event(ward, people["thomas"], title=f"Réunion {n}", created_at=earlier)
    check_hourly("event", people["thomas"], ward.id)
    db.session.rollback()


# --- the manager's delegation --------------------------------------------------------------


def test_the_manager_delegates_short_activities_and_takes_it_back(make, login_as, people, ward):
    short = make.activity(ward, name="Massage minute", status="reviewed", duration_minutes=15, budget="")
    long = make.activity(ward, name="Randonnée", status="reviewed", duration_minutes=120, budget="")
    paid = make.activity(
        ward, name="Atelier", status="reviewed", duration_minutes=20, budget="50 € de matériel"
    )
    admin = login_as(people["admin"])
    assert admin.post("/s/hematologie/admin/delegation", {"max_minutes": "30"}).status_code == 403
    assert not activity_policies.can_authorise_activity(people["admin"], short)
    manager = login_as(people["manager"])
    assert manager.post("/s/hematologie/admin/delegation", {"max_minutes": "30"}).status_code == 303
    db.session.expire_all()
    assert activity_policies.can_authorise_activity(people["admin"], short)
    assert not activity_policies.can_authorise_activity(people["admin"], long)
    assert not activity_policies.can_authorise_activity(people["admin"], paid)
    done = admin.post(f"/s/hematologie/activites/{short.id}/autoriser", {"reason": ""})
    assert done.status_code in (200, 303)
    db.session.refresh(short)
    assert short.status == "active"
    step = db.session.scalar(
        select(ActivityTransition.action).where(ActivityTransition.activity_id == short.id)
    )
    assert step == "delegated"
    history = admin.get(f"/s/hematologie/activites/{short.id}").get_data(as_text=True)
    assert "Autorisée par délégation de la cadre" in history
    journal_page = manager.get("/s/hematologie/admin/journal").get_data(as_text=True)
    assert "a autorisé par délégation de la cadre l&#39;activité" in journal_page
    refused = admin.post(f"/s/hematologie/activites/{long.id}/autoriser", {"reason": ""})
    assert refused.status_code == 403
    assert manager.post("/s/hematologie/admin/delegation/retirer").status_code == 303
    db.session.expire_all()
    assert not activity_policies.can_authorise_activity(people["admin"], paid)
    assert db.session.scalar(select(Delegation.revoked_by_id)) == people["manager"].id


def test_a_bad_delegation_changes_nothing(login_as, people):
    manager = login_as(people["manager"])
    before = db_fingerprint()
    for value in ("0", "999", "abc", ""):
        response = manager.post("/s/hematologie/admin/delegation", {"max_minutes": value})
        assert response.status_code == 422, value
    assert changed_tables(before, db_fingerprint()) == []
    again = manager.post("/s/hematologie/admin/delegation/retirer")
    assert again.status_code == 303  # nothing to take back: told, nothing written
    assert changed_tables(before, db_fingerprint()) == []
