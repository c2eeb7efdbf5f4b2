"""Demo activities of the Hématologie ward, at every stage of the circuit."""
# ruff: noqa: E501  (demo texts read better on one line each)

from datetime import timedelta

from sqlalchemy import select

from app.activities.services import DEFAULT_CHARTER
from app.core.timefmt import utcnow
from app.extensions import db
from app.models import (
    Activity,
    ActivityReferent,
    ActivityTransition,
    EmergencyStop,
    MissionOrder,
    VigilanceAnswer,
    VigilanceItem,
)

ORDER = 10

MASSAGE_CHARTER = (
    "En m'inscrivant au massage minute, je m'engage à :\n"
    "- dire au référent, avant la séance, si j'ai une douleur (dos, nuque, épaules) ou une contre-indication ;\n"
    "- arrêter la séance à tout moment si je ressens une gêne, ou si le service a besoin de moi ;\n"
    "- assumer les suites d'une information sur ma santé que j'aurais choisi de ne pas donner.\n"
    "Le massage minute est un moment de détente assis, habillé, sans huile : ce n'est pas un soin."
)

# name, status, referents, extra fields
ACTIVITIES = [
    (
        "Massage minute",
        "active",
        ["900003"],
        {
            "summary": "Dix minutes de massage assis, habillé, pour relâcher les épaules pendant la pause.",
            "how_it_runs": "Sur la chaise de massage de la salle de pause. Le référent accueille, rappelle la charte, masse nuque, épaules et dos pendant 10 minutes.",
            "duration_minutes": 10,
            "target_break": "day_14h",
            "place": "Salle de pause du service",
            "schedule_notes": "Mardi et jeudi à la pause de 14 h. Jamais pendant la relève ; arrêt immédiat en cas d'urgence.",
            "competence": "Référent formé au massage assis (formation interne de 2 jours).",
            "equipment": "Chaise de massage, lingettes désinfectantes.",
            "budget": "Aucun (chaise prêtée par le CHU).",
            "rules": "Deux personnes par créneau au plus. Désinfection de la chaise entre deux participants.",
            "feedback_channel": "Une note de 1 à 5 et un commentaire après la séance.",
            "responsibility_charter": MASSAGE_CHARTER,
        },
    ),
    (
        "Sophrologie express",
        "active",
        ["910003"],
        {
            "summary": "Un quart d'heure de respiration et de relâchement guidés.",
            "how_it_runs": "Assis, lumière tamisée, exercices de respiration guidés par une collègue formée.",
            "duration_minutes": 15,
            "target_break": "night",
            "place": "Salle de réunion du 3e",
            "schedule_notes": "Les nuits de semaine vers 3 h, si la charge de travail le permet.",
            "rules": "Six personnes au plus ; on garde son téléphone de service sur soi.",
        },
    ),
    (
        "Petit-déjeuner partagé",
        "active",
        ["900002"],
        {
            "summary": "Un petit-déjeuner à la relève, pour que les équipes de nuit et de jour se croisent.",
            "how_it_runs": "Chacun apporte quelque chose ; la cagnotte du groupe complète.",
            "duration_minutes": 30,
            "target_break": "shift_change",
            "place": "Salle de pause du service",
            "schedule_notes": "Premier jeudi du mois, de 6 h 45 à 7 h 15.",
            "rules": "Pas de nourriture dans les zones de soins ; hygiène des mains.",
            "budget": "30 € par mois (cagnotte).",
        },
    ),
    (
        "Coin lecture",
        "active",
        ["910005"],
        {
            "summary": "Une étagère de livres à emprunter et échanger librement.",
            "how_it_runs": "On prend, on rapporte, on dépose. Un cahier pour les envies de lecture.",
            "duration_minutes": 5,
            "target_break": "day_lunch",
            "place": "Salle de pause du service",
            "rules": "Pas de livres dans les chambres des patients.",
        },
    ),
    (
        "Défi marche du printemps",
        "active",
        ["900004"],
        {
            "summary": "Une randonnée de cohésion d'une demi-journée, puis un défi de pas sur un mois.",
            "how_it_runs": "Sortie collective sur le sentier du Lez, sur le temps de travail, avec ordre de mission.",
            "duration_minutes": 240,
            "target_break": "other",
            "place": "Sentier du Lez (départ parking du CHU)",
            "outside_workplace": True,
            "rules": "Ordre de mission obligatoire ; chaussures adaptées ; trousse de secours.",
        },
    ),
    (
        "Atelier étirements du dos",
        "reviewed",
        [],
        {
            "summary": "Cinq minutes d'étirements doux avant la relève.",
            "how_it_runs": "Un kiné du service montre trois étirements simples.",
            "duration_minutes": 5,
            "target_break": "shift_change",
            "place": "Couloir côté office",
            "rules": "Sans matériel ; chacun à son rythme.",
        },
    ),
    (
        "Karaoké de service",
        "refused",
        [],
        {
            "summary": "Un karaoké en salle de pause.",
            "how_it_runs": "Enceinte et micro.",
            "duration_minutes": 30,
            "target_break": "day_evening",
            "place": "Salle de pause",
            "rules": "Volume modéré.",
        },
    ),
    (
        "Sieste flash",
        "suspended",
        ["910007"],
        {
            "summary": "Dix minutes de repos allongé au calme pendant la pause de nuit.",
            "how_it_runs": "Un fauteuil inclinable, un masque, un réveil.",
            "duration_minutes": 10,
            "target_break": "night",
            "place": "Ancienne salle de garde",
            "rules": "Réveil obligatoire ; téléphone de service à portée.",
        },
    ),
]
REASONS = {
    "refused": "Le bruit gênerait les patients des chambres voisines.",
    "suspended": "La salle de garde est réquisitionnée pour l'accueil des familles pendant les travaux.",
}


def _steps(status: str, proposer, admin, manager) -> list[tuple]:
    """The transitions that brought a demo activity to its status: (action, actor, from, to, reason)."""
    steps = [("submitted", proposer, "draft", "submitted", "")]
    if status in ("reviewed", "active", "suspended", "refused"):
        steps.append(("forwarded", admin, "submitted", "reviewed", ""))
    if status in ("active", "suspended"):
        steps.append(("authorised", manager, "reviewed", "active", ""))
    if status == "refused":
        steps.append(("refused", manager, "reviewed", "refused", REASONS["refused"]))
    if status == "suspended":
        steps.append(("stopped", manager, "active", "suspended", REASONS["suspended"]))
    return steps


def seed(wards: dict, people: dict) -> None:
    ward = wards["hematologie"]
    if db.session.scalar(select(Activity.id).where(Activity.ward_id == ward.id).limit(1)):
        return
    now = utcnow()
    admin, manager = people["900002"], people["900001"]
    item_ids = db.session.scalars(select(VigilanceItem.id).where(VigilanceItem.active)).all()
    for index, (name, status, referents, own_fields) in enumerate(ACTIVITIES):
        proposer = people[referents[0]] if referents else people["900004"]
        fields = {"responsibility_charter": DEFAULT_CHARTER, **own_fields}
        created = now - timedelta(days=60 - index * 5)
        activity = Activity(
            ward_id=ward.id,
            proposer_id=proposer.id,
            name=name,
            status=status,
            coordinator=admin.display_name,
            created_at=created,
            updated_at=created,
            status_changed_at=created + timedelta(days=3),
            **fields,
        )
        db.session.add(activity)
        db.session.flush()
        for matricule in referents:
            db.session.add(
                ActivityReferent(
                    activity_id=activity.id, person_id=people[matricule].id, appointed_by_id=admin.id
                )
            )
        for item_id in item_ids:
            db.session.add(
                VigilanceAnswer(
                    activity_id=activity.id, item_id=item_id, answer="addressed" if item_id % 3 else "na"
                )
            )
        if status == "suspended":
            db.session.add(
                EmergencyStop(
                    activity_id=activity.id,
                    stopped_by_id=manager.id,
                    justification=REASONS["suspended"],
                    stopped_at=now - timedelta(days=2),
                )
            )
        for day, (action, actor, before, after, reason) in enumerate(
            _steps(status, proposer, admin, manager)
        ):
            db.session.add(
                ActivityTransition(
                    activity_id=activity.id,
                    actor_id=actor.id,
                    action=action,
                    from_status=before,
                    to_status=after,
                    reason=reason,
                    at=created + timedelta(days=day + 1),
                )
            )
        if fields.get("outside_workplace"):
            start = (now + timedelta(days=20)).replace(hour=7, minute=0, second=0, microsecond=0)
            db.session.add(
                MissionOrder(
                    activity_id=activity.id,
                    starts_at=start,
                    ends_at=start + timedelta(hours=4),
                    purpose="Randonnée de cohésion du groupe de bienveillance, sur le temps de travail.",
                    destination="Sentier du Lez, Montpellier",
                    participants="\n".join(people[m].display_name for m in ("900004", "900003", "910002")),
                    created_by_id=admin.id,
                )
            )
