"""The events that concern a person reach her bell with a French sentence and a link."""

from sqlalchemy import select

from app.activities import services as activities
from app.auth import services as auth
from app.extensions import db
from app.models import Activity, Notification, SignUp
from app.planner import services as planner
from tests.mail_helpers import waiting_list_scene


def _told(person) -> dict[str, Notification]:
    db.session.expire_all()
    return {
        n.kind: n for n in db.session.scalars(select(Notification).where(Notification.person_id == person.id))
    }


def test_an_authorised_activity_is_announced_to_the_whole_ward(make):
    ward = make.ward("hematologie", "Hématologie")
    proposer = make.person(ward=ward, first_name="Léa")
    manager = make.person(ward=ward, role="manager")
    colleagues = [make.person(ward=ward) for _ in range(3)]
    outsider = make.person(ward=make.ward("oncologie"))
    activity = Activity(ward_id=ward.id, proposer_id=proposer.id, name="Tisane du jeudi", status="reviewed")
    db.session.add(activity)
    db.session.commit()
    activities.authorise(activity, by=manager)
    db.session.commit()
    assert set(_told(proposer)) == {"activity.authorised"}  # told once, not twice
    for person in colleagues:
        note = _told(person)["activity.announced"]
        assert (
            note.text
            == "Nouvelle activité dans le service\u00a0: «\u00a0Tisane du jeudi\u00a0». Découvrez-la\u00a0!"
        )
        assert note.link == f"/s/hematologie/activites/{activity.id}"
    assert _told(manager) == {}
    assert _told(outsider) == {}


def test_people_signed_up_hear_of_the_stop_and_of_the_resumption(make):
    scene = waiting_list_scene(make)
    manager = make.person(ward=scene["ward"], role="manager")
    activity = scene["activity"]
    activities.emergency_stop(activity, by=manager, justification="Salle indisponible (dégât des eaux).")
    db.session.commit()
    for person in (scene["thomas"], scene["julie"]):
        assert "Salle indisponible" in _told(person)["activity.stopped"].text
    activities.resume(activity, by=manager)
    db.session.commit()
    for person in (scene["thomas"], scene["julie"]):
        assert _told(person)["activity.resumed"].text == "« Massage minute » reprend."


def test_promotion_links_to_the_slot(make):
    scene = waiting_list_scene(make)
    planner.cancel_sign_up(scene["slot"].id, by=scene["thomas"])
    db.session.commit()
    note = _told(scene["julie"])["slot.promoted"]
    assert note.text.startswith("Une place s'est libérée")
    assert note.link == f"/s/hematologie/planning/creneaux/{scene['slot'].id}"
    assert (
        db.session.scalar(select(SignUp.status).where(SignUp.person_id == scene["julie"].id)) == "confirmed"
    )


def test_an_invitation_welcomes_the_newcomer_and_tells_who_sent_it(make):
    ward = make.ward("hematologie", "Hématologie")
    admin = make.person(ward=ward, role="admin")
    newcomer = make.person(first_name="Inès", last_name="Roux")
    invitation, _token = auth.create_invitation(ward, by=admin)
    db.session.commit()
    auth.accept_invitation_existing(invitation, by=newcomer)
    db.session.commit()
    welcome = _told(newcomer)["invitation.welcome"]
    assert welcome.text.startswith("Bienvenue dans «\u00a0Hématologie\u00a0»")
    assert welcome.link == "/s/hematologie/"
    used = _told(admin)["invitation.used"]
    assert "Inès" in used.text and used.link == "/s/hematologie/membres/"
