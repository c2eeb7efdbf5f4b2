"""Demo post-its for Hématologie: every kind and status, some anonymous, a few reported."""

from datetime import timedelta

from sqlalchemy import select

from app.core.timefmt import utcnow
from app.extensions import db
from app.models import PostIt, PostItSupport, Report
from app.postits.text import looks_sensitive

ORDER = 30

# (author matricule, kind, text, anonymous, status, answer, hours ago, supports, reports)
NOTES = [
    (
        "910003",
        "idea",
        "Et si on gardait une bouilloire et quelques tisanes dans l'office pour la pause de nuit\u00a0?",
        False,
        "adopted",
        "Validé par la cadre\u00a0: la bouilloire arrive la semaine prochaine.",
        240,
        14,
        0,
    ),
    (
        "900003",
        "idea",
        "Un tableau blanc en salle de pause pour se laisser des mots gentils d'une équipe à l'autre.",
        False,
        "done",
        "Installé à côté du vestiaire. Servez-vous des feutres\u00a0!",
        400,
        11,
        0,
    ),
    (
        "910008",
        "need",
        "Il manque un deuxième fauteuil confortable en salle de pause, on est souvent debout.",
        True,
        "study",
        "On regarde avec les services techniques ce qui est possible.",
        180,
        9,
        0,
    ),
    (
        "910012",
        "thanks",
        "Merci à l'équipe de nuit de mardi pour le coup de main pendant l'entrée difficile.",
        False,
        "new",
        "",
        20,
        7,
        0,
    ),
    (
        "900004",
        "question",
        "Est-ce que les séances de massage minute continuent pendant les vacances scolaires\u00a0?",
        False,
        "study",
        "",
        50,
        3,
        0,
    ),
    (
        "910015",
        "idea",
        "Une playlist calme partagée pour la salle de pause, chacun y ajoute un morceau.",
        True,
        "new",
        "",
        6,
        4,
        0,
    ),
    (
        "910020",
        "idea",
        "Un petit-déjeuner partagé une fois par mois, chacun apporte quelque chose.",
        False,
        "adopted",
        "Premier petit-déjeuner prévu le premier jeudi du mois, à 7\u00a0h\u00a030.",
        300,
        16,
        0,
    ),
    (
        "910021",
        "need",
        "Des casiers supplémentaires pour les remplaçants et les étudiants.",
        False,
        "declined",
        "Pas de place dans le vestiaire actuel\u00a0; la demande est notée pour les travaux.",
        500,
        6,
        0,
    ),
    (
        "910024",
        "thanks",
        "Bravo à Léa pour sa première garde en soins intensifs, tu as assuré\u00a0!",
        False,
        "new",
        "",
        30,
        12,
        0,
    ),
    (
        "910025",
        "question",
        "Qui sait comment réserver la salle de réunion du 3e pour un temps d'équipe\u00a0?",
        False,
        "new",
        "",
        3,
        1,
        0,
    ),
    (
        "910030",
        "idea",
        "Des étirements de cinq minutes guidés par la kiné avant la relève du matin.",
        False,
        "study",
        "La kiné propose un essai sur deux semaines.",
        90,
        10,
        0,
    ),
    (
        "910031",
        "need",
        "Une horloge qui fonctionne dans la salle de soins, celle du fond est arrêtée.",
        True,
        "done",
        "Changée hier.",
        120,
        5,
        0,
    ),
    (
        "910033",
        "thanks",
        "Merci pour les chocolats laissés dans l'office, ça a fait du bien à toute l'équipe.",
        True,
        "new",
        "",
        12,
        8,
        0,
    ),
    (
        "910035",
        "idea",
        "Un mur des réussites de la semaine, pour ne pas retenir que ce qui a été difficile.",
        False,
        "new",
        "",
        2,
        2,
        0,
    ),
    (
        "910036",
        "question",
        "Peut-on proposer une activité qui a lieu en dehors de l'hôpital\u00a0?",
        False,
        "done",
        "Oui, avec un ordre de mission\u00a0: le guide explique comment faire.",
        200,
        2,
        0,
    ),
    (
        "910038",
        "need",
        "Des gourdes réutilisables pour penser à boire pendant les longues gardes.",
        False,
        "new",
        "",
        8,
        6,
        0,
    ),
    ("910040", "thanks", "Merci à la pharmacie pour sa réactivité ce week-end.", False, "new", "", 60, 4, 0),
    (
        "910002",
        "idea",
        "Un atelier de sophrologie pendant la pause de 14\u00a0h, une fois par semaine.",
        False,
        "adopted",
        "Le planning est ouvert\u00a0: inscrivez-vous dans l'onglet Planning.",
        350,
        13,
        0,
    ),
    (
        "910005",
        "question",
        "Le groupe de bienveillance accepte-t-il les internes\u00a0?",
        False,
        "done",
        "Bien sûr, tout le personnel du service est le bienvenu.",
        260,
        3,
        0,
    ),
    (
        "910006",
        "idea",
        "Tout le monde sait que c'est toujours la même personne qui ne range rien, "
        "on devrait afficher son nom.",
        True,
        "new",
        "",
        4,
        0,
        2,
    ),
    (
        "910009",
        "need",
        "Promos sur les forfaits téléphone, écrivez-moi en privé pour en profiter\u00a0!",
        False,
        "new",
        "",
        5,
        0,
        1,
    ),
    (
        "910010",
        "thanks",
        "Merci aux brancardiers qui ont toujours le sourire, même à 3\u00a0h du matin.",
        False,
        "new",
        "",
        40,
        9,
        0,
    ),
    (
        "910011",
        "idea",
        "Un coin lecture avec quelques livres et magazines échangés entre collègues.",
        True,
        "declined",
        "Pas assez de place pour l'instant, on en reparle au printemps.",
        450,
        5,
        0,
    ),
    (
        "910014",
        "need",
        "Le micro-ondes de l'office chauffe mal, il faudrait le remplacer.",
        False,
        "study",
        "",
        26,
        7,
        0,
    ),
    (
        "910016",
        "question",
        "Où trouver la charte de bienveillance signée l'an dernier\u00a0?",
        False,
        "new",
        "",
        1,
        0,
        0,
    ),
]
REPORT_REASONS = [
    "Ce message vise quelqu'un sans le nommer, ce n'est pas bienveillant.",
    "Ça ressemble à un règlement de comptes.",
]


def seed(wards, people) -> None:
    """Idempotent: does nothing if the ward already has post-its."""
    ward = wards["hematologie"]
    if db.session.scalar(select(PostIt.id).where(PostIt.ward_id == ward.id).limit(1)):
        return
    now = utcnow()
    manager = people["900001"]
    supporters = [p for m, p in sorted(people.items()) if m.startswith("91") and int(m[2:]) <= 42]
    for index, (author, kind, text, anonymous, status, answer, hours, supports, reports) in enumerate(NOTES):
        created = now - timedelta(hours=hours)
        postit = PostIt(
            ward_id=ward.id,
            author_id=people[author].id,
            kind=kind,
            text=text,
            anonymous=anonymous,
            looks_sensitive=looks_sensitive(text),
            status=status,
            answer=answer,
            status_by_id=manager.id if status != "new" else None,
            status_at=created + timedelta(hours=2) if status != "new" else None,
            created_at=created,
            reviewed_at=created + timedelta(hours=1) if hours > 24 * 7 else None,
        )
        db.session.add(postit)
        db.session.flush()
        voters = [p for p in supporters if p.id != postit.author_id]
        start = index % 7
        for voter in voters[start : start + supports]:
            db.session.add(PostItSupport(postit_id=postit.id, person_id=voter.id, created_at=created))
        for n in range(reports):
            reporter = people["900004"] if n == 0 else voters[-1]
            db.session.add(
                Report(
                    ward_id=ward.id,
                    target_type="postit",
                    target_id=postit.id,
                    reporter_id=reporter.id,
                    reason=REPORT_REASONS[n % 2],
                )
            )
        postit.report_count = reports
