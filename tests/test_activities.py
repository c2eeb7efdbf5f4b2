"""Activities: the proposal in steps, the validation circuit for every role, emergency stop."""

import html

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.activities import services
from app.extensions import db
from app.models import (
    Activity,
    ActivityTransition,
    AuditEntry,
    EmergencyStop,
    MissionOrder,
    Notification,
    VigilanceAnswer,
    VigilanceCategory,
    VigilanceItem,
)
from tests.conftest import count_queries
from tests.factories import Factory

COMPLETE = {
    "summary": "Dix minutes de massage assis.",
    "how_it_runs": "Sur la chaise de massage.",
    "duration_minutes": 10,
    "target_break": "day_14h",
    "place": "Salle de pause",
    "rules": "Deux personnes au plus.",
}


def make_activity(ward, proposer, status="draft", **fields) -> Activity:
    """A complete proposal (every vigilance point answered) in the given state."""
    make = Factory()
    activity = make.activity(ward, proposer=proposer, status=status, **{**COMPLETE, **fields})
    make.vigilance_answers(activity)
    return activity


def _url(activity, action=""):
    return f"/s/hematologie/activites/{activity.id}" + (f"/{action}" if action else "")


def _status(activity) -> str:
    db.session.commit()  # end this test's read transaction: see what others committed since
    db.session.refresh(activity)
    return activity.status


# --- the proposal in steps -----------------------------------------------------------------


def test_vigilance_checklist_is_seeded_in_six_families():
    categories = services.vigilance_checklist()
    assert [c.label for c in categories] == [
        "Gestion du temps de travail",
        "Formation et compétences",
        "Moyens et ressources",
        "Réglementation et cadre",
        "Risques liés au numérique",
        "Risques sociaux",
    ]
    texts = " ".join(i.text for c in categories for i in c.items)
    for idea in ("urgence", "lieu est sûr", "incendie", "vie privée", "donnée de patient"):
        assert idea in texts


def test_member_proposes_in_short_steps_saved_as_they_go(login_as, people):
    client = login_as(people["proposer"])
    first = client.post("/s/hematologie/activites/proposer", {"name": "Massage minute", "summary": "Détente"})
    assert first.status_code == 303
    activity = db.session.scalar(select(Activity))
    assert activity.status == "draft"
    assert first.headers["Location"].endswith(f"/activites/{activity.id}/proposition/2")
    assert (
        client.post(
            _url(activity, "proposition/2"), {"duration_minutes": "10", "target_break": "day_14h"}
        ).status_code
        == 303
    )
    client.post(_url(activity, "proposition/3"), {"place": "Salle de pause", "outside_workplace": ""})
    client.post(
        _url(activity, "proposition/4"),
        {"rules": "Deux au plus", "responsibility_charter": "Je signale mes douleurs."},
    )
    db.session.refresh(activity)
    assert (activity.duration_minutes, activity.place, activity.rules) == (
        10,
        "Salle de pause",
        "Deux au plus",
    )
    review = client.get(_url(activity, "proposition/6")).get_data(as_text=True)
    assert "il manque encore" in review
    assert "le déroulement (étape 1)" in review
    early = client.post(_url(activity, "soumettre"))
    assert early.status_code == 422
    assert "Il manque encore" in early.get_data(as_text=True)
    assert _status(activity) == "draft"
    client.post(
        _url(activity, "proposition/1"),
        {"name": "Massage minute", "summary": "Détente", "how_it_runs": "Assis"},
    )
    items = db.session.scalars(select(VigilanceItem.id)).all()
    answers = {f"v-{i}": "addressed" if i % 2 else "na" for i in items}
    answers[f"n-{items[0]}"] = "Le référent a son bip"
    assert client.post(_url(activity, "proposition/5"), answers).status_code == 303
    assert db.session.scalar(select(func.count(VigilanceAnswer.id))) == len(items)
    assert client.post(_url(activity, "soumettre")).status_code == 303
    assert _status(activity) == "submitted"
    assert (
        db.session.scalar(select(Notification.kind).where(Notification.person_id == people["admin"].id))
        == "activity.submitted"
    )


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        (1, {"name": ""}, "Donnez un nom à l&#39;activité."),
        (2, {"duration_minutes": "0"}, "Entre 1 minute et une garde de 12 heures"),
        (2, {"duration_minutes": "721"}, "Entre 1 minute et une garde de 12 heures"),
        (2, {"duration_minutes": "dix"}, "N&#39;est pas un entier valide."),
        (2, {"target_break": "sieste"}, "N&#39;est pas un choix valide."),
    ],
)
def test_bad_step_input_is_422_and_keeps_input(login_as, people, ward, step, data, message):
    activity = make_activity(ward, people["proposer"])
    response = login_as(people["proposer"]).post(_url(activity, f"proposition/{step}"), data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.refresh(activity)
    assert activity.duration_minutes == 10
    assert activity.name == "Massage minute"


def test_others_cannot_fill_someone_elses_draft(login_as, people, ward):
    activity = make_activity(ward, people["proposer"])
    assert login_as(people["colleague"]).get(_url(activity, "proposition/1")).status_code == 404
    assert login_as(people["admin"]).get(_url(activity, "proposition/1")).status_code == 403
    assert login_as(people["proposer"]).get(_url(activity, "proposition/9")).status_code == 404


# --- the circuit: every transition for every role -----------------------------------------

ROLES = ("proposer", "colleague", "admin", "manager", "outsider")
# (action, from status, roles that may, status after)
TRANSITIONS = [
    ("soumettre", "draft", {"proposer"}, "submitted"),
    ("soumettre", "changes", {"proposer"}, "submitted"),
    ("renvoyer", "submitted", {"admin", "manager"}, "changes"),
    ("renvoyer", "reviewed", {"manager"}, "changes"),
    ("transmettre", "submitted", {"admin", "manager"}, "reviewed"),
    ("refuser", "submitted", {"admin", "manager"}, "refused"),
    ("refuser", "reviewed", {"manager"}, "refused"),
    ("autoriser", "reviewed", {"manager"}, "active"),
    ("autoriser", "submitted", {"manager"}, "active"),
    ("arreter", "active", {"manager"}, "suspended"),
    ("reprendre", "suspended", {"manager"}, "active"),
    ("archiver", "suspended", {"manager"}, "archived"),
    ("archiver", "active", {"admin", "manager"}, "archived"),
    ("archiver", "refused", {"admin", "manager"}, "archived"),
]
NOT_ALLOWED_FROM = [
    ("autoriser", "draft"),
    ("autoriser", "active"),
    ("transmettre", "reviewed"),
    ("arreter", "suspended"),
    ("reprendre", "active"),
    ("soumettre", "submitted"),
    ("archiver", "draft"),
    ("refuser", "active"),
]


@pytest.mark.parametrize(("action", "before", "allowed", "after"), TRANSITIONS)
@pytest.mark.parametrize("role", ROLES)
def test_transition_by_role(login_as, people, ward, action, before, allowed, after, role):
    activity = make_activity(ward, people["proposer"], status=before)
    response = login_as(people[role]).post(_url(activity, action), {"reason": "Raison donnée"})
    if role in allowed:
        assert response.status_code == 303, response.get_data(as_text=True)[:400]
        assert _status(activity) == after
        transition = db.session.scalar(select(ActivityTransition))
        assert (transition.from_status, transition.to_status) == (before, after)
        assert transition.actor_id == people[role].id
        action = f"activity.{transition.action}"
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == action))
        assert (entry.actor_id, entry.target_id) == (people[role].id, activity.id)
    else:
        assert response.status_code in (403, 404, 409)
        assert _status(activity) == before
        assert db.session.scalar(select(func.count(ActivityTransition.id))) == 0


@pytest.mark.parametrize(("action", "before"), NOT_ALLOWED_FROM)
def test_transition_not_allowed_from_this_state(login_as, people, ward, action, before):
    activity = make_activity(ward, people["proposer"], status=before)
    for role in ("admin", "manager"):
        response = login_as(people[role]).post(_url(activity, action), {"reason": "x"}, htmx=True)
        assert response.status_code in (403, 409)
        assert _status(activity) == before


@pytest.mark.parametrize(
    ("action", "before", "message"),
    [
        ("refuser", "submitted", "Indiquez la raison du refus : l'auteur·rice la recevra."),
        ("renvoyer", "submitted", "Écrivez vos questions : l'auteur·rice les recevra."),
        ("arreter", "active", "L'arrêt d'urgence demande une justification."),
    ],
)
def test_reason_is_mandatory(login_as, people, ward, action, before, message):
    activity = make_activity(ward, people["proposer"], status=before)
    response = login_as(people["manager"]).post(_url(activity, action), {"reason": "  "}, htmx=True)
    assert response.status_code == 422
    assert message in html.unescape(response.get_data(as_text=True))
    assert _status(activity) == before


def test_htmx_review_returns_the_circuit_panel(login_as, people, ward):
    activity = make_activity(ward, people["proposer"], status="submitted")
    response = login_as(people["admin"]).post(_url(activity, "transmettre"), {"reason": ""}, htmx=True)
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="circuit"')
    assert "Transmise à la cadre de soins." in fragment


def test_second_admin_is_told_it_already_moved(login_as, people, ward, make):
    other_admin = make.person(ward=ward, role="admin")
    activity = make_activity(ward, people["proposer"], status="submitted")
    assert login_as(people["admin"]).post(_url(activity, "transmettre")).status_code == 303
    late = login_as(other_admin).post(_url(activity, "refuser"), {"reason": "non"}, htmx=True)
    assert late.status_code == 409
    assert "pas possible à cette étape" in late.get_data(as_text=True)
    assert _status(activity) == "reviewed"


def test_concurrent_moves_only_one_wins(people, ward):
    """An admin's page still says "submitted" while the manager already decided: the
    conditional update refuses the late decision instead of overwriting it."""
    activity = make_activity(ward, people["proposer"], status="submitted")
    activity_id = activity.id
    db.session.commit()
    with db.engine.begin() as other_request:
        other_request.execute(update(Activity).where(Activity.id == activity_id).values(status="active"))
    assert _status(activity) == "active"
    set_committed_value(activity, "status", "submitted")  # what the late page still shows
    with pytest.raises(services.ConflictError):
        services.forward(activity, by=people["admin"])
    db.session.rollback()
    assert _status(activity) == "active"
    assert db.session.scalar(select(func.count(ActivityTransition.id))) == 0


def test_emergency_stop_records_justification_and_tells_everyone(login_as, people, ward):
    referent = people["referent"]
    activity = make_activity(ward, people["proposer"], status="active")
    services.appoint_referent(activity, by=people["admin"], person=referent)
    db.session.commit()
    response = login_as(people["manager"]).post(_url(activity, "arreter"), {"reason": "Épidémie de grippe"})
    assert response.status_code == 303
    assert _status(activity) == "suspended"
    stop = db.session.scalar(select(EmergencyStop))
    assert stop.justification == "Épidémie de grippe"
    told = set(
        db.session.scalars(select(Notification.person_id).where(Notification.kind == "activity.stopped"))
    )
    assert {people["proposer"].id, referent.id} <= told
    page = login_as(people["colleague"]).get(_url(activity)).get_data(as_text=True)
    assert "Épidémie de grippe" in page
    login_as(people["manager"]).post(_url(activity, "reprendre"))
    db.session.refresh(stop)
    assert stop.outcome == "resumed"
    history = login_as(people["manager"]).get(_url(activity)).get_data(as_text=True)
    assert "Arrêt d&#39;urgence" in history
    assert "Reprise" in history


# --- referents, visibility, mission orders, list ---------------------------------------------


def test_referents_are_appointed_by_admins_only(login_as, people, ward):
    activity = make_activity(ward, people["proposer"], status="active")
    member = people["colleague"]
    assert login_as(member).post(_url(activity, "referents"), {"person_id": member.id}).status_code == 403
    assert (
        login_as(people["admin"]).post(_url(activity, "referents"), {"person_id": member.id}).status_code
        == 303
    )
    db.session.refresh(activity)
    assert [p.id for p in activity.referents] == [member.id]
    outsider = login_as(people["admin"]).post(
        _url(activity, "referents"), {"person_id": people["outsider"].id}
    )
    assert outsider.status_code == 303
    db.session.refresh(activity)
    assert len(activity.referents) == 1


def test_referent_keeps_details_up_to_date_and_charter_version_moves(login_as, people, ward):
    activity = make_activity(ward, people["proposer"], status="active", responsibility_charter="v1")
    services.appoint_referent(activity, by=people["admin"], person=people["colleague"])
    db.session.commit()
    client = login_as(people["colleague"])
    assert (
        client.post(
            _url(activity, "proposition/4"), {"rules": "Trois au plus", "responsibility_charter": "v2"}
        ).status_code
        == 303
    )
    db.session.refresh(activity)
    assert activity.rules == "Trois au plus"
    assert activity.charter_version == 2


def test_drafts_and_proposals_are_private(login_as, people, ward):
    draft = make_activity(ward, people["proposer"], status="submitted")
    assert login_as(people["colleague"]).get(_url(draft)).status_code == 404
    assert login_as(people["admin"]).get(_url(draft)).status_code == 200
    listing = login_as(people["colleague"]).get("/s/hematologie/activites/").get_data(as_text=True)
    assert "Massage minute" not in listing


def test_other_wards_activity_is_404(login_as, people, other_ward):
    activity = make_activity(other_ward, people["outsider"], status="active")
    assert login_as(people["admin"]).get(_url(activity)).status_code == 404
    assert login_as(people["manager"]).post(_url(activity, "arreter"), {"reason": "x"}).status_code == 404


def test_mission_order_for_outside_activity(login_as, people, ward):
    activity = make_activity(ward, people["proposer"], status="active", outside_workplace=True)
    client = login_as(people["admin"])
    bad = client.post(
        _url(activity, "ordre-de-mission"),
        {"starts_at": "2026-12-03T09:00", "ends_at": "2026-12-03T08:00", "purpose": "Rando"},
    )
    assert bad.status_code == 422
    assert "La fin doit venir après le début." in bad.get_data(as_text=True)
    ok = client.post(
        _url(activity, "ordre-de-mission"),
        {
            "starts_at": "2026-12-03T09:00",
            "ends_at": "2026-12-03T13:00",
            "purpose": "Randonnée de cohésion",
            "participants": "Thomas Roux\nJulie Garnier",
        },
    )
    assert ok.status_code == 303
    order = db.session.scalar(select(MissionOrder))
    assert order.starts_at.hour == 8  # 9 h in Paris in winter is 8 h UTC
    sheet = login_as(people["colleague"]).get(ok.headers["Location"]).get_data(as_text=True)
    assert "Ordre de mission" in sheet
    assert "9\u00a0h\u00a000" in sheet
    assert "Julie Garnier" in sheet


def test_list_filters_by_status_for_admins_and_query_count_is_fixed(login_as, people, ward):
    for n in range(3):
        make_activity(ward, people["proposer"], status="active", summary=f"Active {n}")
    make_activity(ward, people["proposer"], status="submitted", summary="À examiner")
    client = login_as(people["admin"])
    fragment = client.get("/s/hematologie/activites/?statut=submitted", htmx=True).get_data(as_text=True)
    assert "À examiner" in fragment
    assert "Active 0" not in fragment
    with count_queries() as few:
        client.get("/s/hematologie/activites/")
    for n in range(20):
        activity = make_activity(ward, people["proposer"], status="active", summary=f"Encore {n}")
        services.appoint_referent(activity, by=people["admin"], person=people["colleague"])
    db.session.commit()
    with count_queries() as many:
        client.get("/s/hematologie/activites/")
    assert len(few) == len(many)
    assert len(many) <= 12


def test_platform_admin_edits_the_vigilance_checklist(login_as, make):
    platform = login_as(make.person(platform_admin=True))
    category = db.session.scalar(select(VigilanceCategory).where(VigilanceCategory.code == "social"))
    assert platform.get("/plateforme/vigilance").status_code == 200
    empty = platform.post("/plateforme/vigilance", {"category_id": category.id, "text": ""})
    assert empty.status_code == 422
    added = platform.post(
        "/plateforme/vigilance", {"category_id": category.id, "text": "Point ajouté pour le test"}
    )
    assert added.status_code == 303
    item = db.session.scalar(select(VigilanceItem).where(VigilanceItem.text == "Point ajouté pour le test"))
    assert platform.post(f"/plateforme/vigilance/{item.id}", {"text": "Point reformulé"}).status_code == 303
    db.session.commit()
    db.session.refresh(item)
    assert (item.text, item.active) == ("Point reformulé", False)  # unticked: retired
    assert item.id not in {i.id for c in services.vigilance_checklist() for i in c.active_items}
    db.session.delete(item)  # the checklist is reference data kept between tests
    db.session.commit()
