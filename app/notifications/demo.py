"""Demo: a few weeks of notifications for the demo accounts, some still unread, with links to
the demo ward's real pages."""

from datetime import timedelta

from sqlalchemy import select

from app.core.links import link_to
from app.core.timefmt import utcnow, when
from app.extensions import db
from app.models import Activity, Notification, Publication, Slot

ORDER = 90  # after every feature's content, so the links point at real things


def _links(ward) -> dict:
    slug = ward.slug
    activity = db.session.scalar(
        select(Activity).where(Activity.ward_id == ward.id, Activity.status == "active").order_by(Activity.id)
    )
    slot = db.session.scalar(
        select(Slot)
        .where(Slot.ward_id == ward.id, Slot.starts_at > utcnow())
        .order_by(Slot.starts_at)
        .limit(1)
    )
    publication = db.session.scalar(
        select(Publication).where(Publication.ward_id == ward.id).order_by(Publication.id).limit(1)
    )
    home = link_to("wards.home", ward_slug=slug)
    return {
        "slot": link_to("planner.slot", ward_slug=slug, slot_id=slot.id) if slot else home,
        "slot_name": slot.activity.name if slot else "Massage minute",
        "slot_when": when(slot.starts_at) if slot else "jeudi, 14\u00a0h\u00a000",
        "activity": link_to("activities.detail", ward_slug=slug, activity_id=activity.id)
        if activity
        else home,
        "activity_name": activity.name if activity else "Coin lecture",
        "publication": (
            link_to("feed.detail", ward_slug=slug, publication_id=publication.id) if publication else home
        ),
        "home": home,
        "postits": link_to("postits.board", ward_slug=slug),
        "requests": link_to("ward_admin.requests", ward_slug=slug),
        "planner": link_to("planner.week", ward_slug=slug),
    }


def _history(ward, links: dict) -> dict[str, list[tuple]]:
    """matricule → [(days ago, hours ago, read, kind, text, link)]"""
    q = "\u00a0"
    name, slot_name, slot_when = links["activity_name"], links["slot_name"], links["slot_when"]
    return {
        "900004": [  # Julie, member
            (
                0,
                1,
                False,
                "slot.promoted",
                f"Une place s'est libérée{q}: vous êtes inscrite à «{q}{slot_name}{q}», {slot_when}.",
                links["slot"],
            ),
            (
                0,
                5,
                False,
                "comment.added",
                f"Thomas a répondu à votre publication{q}: «{q}On s'organise pour le pot de départ{q}?{q}»",
                links["publication"],
            ),
            (
                1,
                3,
                True,
                "publication.published",
                "Votre publication est validée et visible par tout le service.",
                links["publication"],
            ),
            (
                3,
                2,
                True,
                "activity.announced",
                f"Nouvelle activité dans le service{q}: «{q}{name}{q}». Découvrez-la{q}!",
                links["activity"],
            ),
            (
                6,
                4,
                True,
                "postit.status",
                f"Votre post-it «{q}Une fontaine à eau en salle de pause{q}» passe «{q}en cours{q}»{q}: "
                "la cadre a fait la demande aux services techniques.",
                links["postits"],
            ),
            (
                10,
                6,
                True,
                "slot.moved",
                f"Créneau de «{q}{slot_name}{q}» modifié{q}: salle de pause du 3e étage — "
                "la salle habituelle est en travaux cette semaine.",
                links["planner"],
            ),
            (
                21,
                2,
                True,
                "join.approved",
                f"Votre demande pour rejoindre «{q}{ward.name}{q}» a été acceptée. Bienvenue{q}!",
                links["home"],
            ),
        ],
        "900003": [  # Thomas, member
            (
                0,
                2,
                False,
                "slot.cancelled",
                f"Créneau annulé{q}: «{q}Sieste flash{q}», demain 3{q}h{q}30 — "
                "la référente est en formation, reprise la semaine prochaine.",
                links["planner"],
            ),
            (
                2,
                1,
                True,
                "activity.announced",
                f"Nouvelle activité dans le service{q}: «{q}{name}{q}». Découvrez-la{q}!",
                links["activity"],
            ),
            (
                5,
                8,
                True,
                "publication.sent_back",
                f"Votre publication revient avec une question{q}: "
                f"pouvez-vous retirer le nom du patient cité{q}?",
                links["publication"],
            ),
        ],
        "900002": [  # Nadia, ward admin
            (
                0,
                0,
                False,
                "join.requested",
                "Élodie Martin demande à rejoindre le service.",
                links["requests"],
            ),
            (
                0,
                3,
                False,
                "activity.submitted",
                f"Nouvelle activité proposée{q}: «{q}Atelier origami{q}».",
                links["activity"],
            ),
            (
                1,
                2,
                True,
                "publication.submitted",
                "Une publication attend votre validation.",
                links["publication"],
            ),
            (
                4,
                5,
                True,
                "comment.reported",
                "Un commentaire a été signalé dans le fil du service.",
                links["home"],
            ),
        ],
        "900001": [  # Sophie, ward manager
            (
                0,
                4,
                False,
                "activity.forwarded",
                f"Activité à autoriser{q}: «{q}Atelier origami{q}».",
                links["activity"],
            ),
            (
                7,
                1,
                True,
                "activity.forwarded",
                f"Activité à autoriser{q}: «{q}{name}{q}».",
                links["activity"],
            ),
        ],
    }


def seed(wards: dict, people: dict) -> None:
    ward = wards["hematologie"]
    demo_ids = [people[m].id for m in ("900001", "900002", "900003", "900004") if m in people]
    if db.session.scalar(select(Notification.id).where(Notification.person_id.in_(demo_ids)).limit(1)):
        return
    now = utcnow()
    for matricule, rows in _history(ward, _links(ward)).items():
        person = people.get(matricule)
        if person is None:
            continue
        for days, hours, read, kind, text, link in rows:
            at = now - timedelta(days=days, hours=hours)
            db.session.add(
                Notification(
                    person_id=person.id,
                    ward_id=ward.id,
                    kind=kind,
                    text=text[:500],
                    link=link,
                    created_at=at,
                    read_at=at + timedelta(hours=2) if read else None,
                )
            )
    db.session.flush()
