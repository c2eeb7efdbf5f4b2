"""Demo publications of the Hématologie ward: every kind and state, with a few discussions."""
# ruff: noqa: E501  (demo texts read better on one line each)

from datetime import timedelta

from sqlalchemy import select

from app.core.timefmt import utcnow
from app.extensions import db
from app.models import Comment, Publication, PublicationStep, PublicationThanks

ORDER = 40

# (author, kind, status, days ago, pinned, title, body)
POSTS = [
    (
        "900002",
        "info",
        "published",
        1,
        True,
        "Bienvenue sur le tableau de service",
        "Ce fil rassemble les nouvelles du groupe de bienveillance.\n\n- Proposez une publication : "
        "un·e administrateur·rice la relit avant de la mettre en ligne.\n- Remerciez d'un clic.\n"
        "- Discutez sous chaque publication, toujours avec bienveillance.\n\n"
        "**Rappel** : aucune information sur les patients ici.",
    ),
    (
        "900002",
        "quote",
        "published",
        0,
        False,
        "« On prend soin des patients d'autant mieux qu'on prend soin les uns des autres. »",
        "Une phrase partagée en transmission de jour, à méditer pendant la pause.",
    ),
    (
        "900001",
        "theme",
        "published",
        3,
        False,
        "Novembre : prendre le temps de se dire merci",
        "Ce mois-ci, le groupe vous propose de noter sur le post-it de service un merci à un·e collègue "
        "chaque semaine. Petit geste, grand effet.",
    ),
    (
        "900003",
        "deal",
        "published",
        2,
        False,
        "Bon plan : tisanes offertes en salle de pause",
        "La cafétéria du bâtiment B nous a donné des boîtes de tisane. Elles sont dans le placard du haut, servez-vous !",
    ),
    (
        "900004",
        "idea",
        "published",
        4,
        False,
        "Une playlist douce pour les pauses de nuit",
        "Et si on faisait une playlist commune, calme, pour la salle de pause de nuit ? Proposez vos titres en commentaire.",
    ),
    (
        "900002",
        "article",
        "published",
        6,
        False,
        "Retour sur le petit-déjeuner partagé",
        "Vingt collègues sont passés entre 6 h 45 et 7 h 30, équipes de nuit et de jour réunies. "
        "Merci à celles et ceux qui ont apporté viennoiseries et fruits.\n\nProchain rendez-vous le mois prochain.",
    ),
    (
        "900001",
        "info",
        "published",
        8,
        False,
        "Formation gestes et postures : places ouvertes",
        "Deux sessions en décembre, sur le temps de travail. Inscrivez-vous auprès de la cadre.",
    ),
    (
        "910003",
        "article",
        "published",
        10,
        False,
        "Minute de cohérence cardiaque : comment ça marche",
        "Inspirer 5 secondes, expirer 5 secondes, pendant 3 minutes. On peut le faire assis, en salle de pause, "
        "avant la relève. Essayez et dites-nous ce que vous en pensez.",
    ),
    (
        "910005",
        "deal",
        "published",
        12,
        False,
        "Parking : covoiturage du matin",
        "Trois collègues de Castelnau cherchent à covoiturer pour le poste de 7 h. Laissez un mot en commentaire.",
    ),
    (
        "900004",
        "idea",
        "published",
        14,
        False,
        "Un tableau des anniversaires du service",
        "Pour ne plus oublier personne : un petit calendrier des anniversaires (avec l'accord de chacun·e).",
    ),
    (
        "900003",
        "quote",
        "published",
        16,
        False,
        "« Un sourire coûte moins cher que l'électricité, mais donne autant de lumière. »",
        "Proverbe affiché en salle de soins, proposé par Thomas.",
    ),
    (
        "910007",
        "info",
        "published",
        18,
        False,
        "Nouvelle fontaine à eau en salle de pause",
        "Elle est installée ! Pensez à vos gourdes.",
    ),
    (
        "910011",
        "article",
        "published",
        21,
        False,
        "Le coin lecture s'agrandit",
        "Une dizaine de romans ont rejoint l'étagère. Empruntez, rapportez, échangez.",
    ),
    (
        "900002",
        "info",
        "archived",
        40,
        False,
        "Pot de départ de Martine",
        "Merci à tous pour ce beau moment.",
    ),
    (
        "900003",
        "deal",
        "submitted",
        0,
        False,
        "Réductions au cinéma pour le personnel",
        "Le comité d'entreprise propose des places à tarif réduit, à demander au secrétariat.",
    ),
    (
        "900004",
        "idea",
        "changes",
        1,
        False,
        "Séance de yoga du dos",
        "Idée : une séance de 15 minutes d'étirements doux.",
    ),
    (
        "910002",
        "article",
        "escalated",
        2,
        False,
        "Photos du service pour l'exposition du CHU",
        "Je propose de prendre des photos de nos mains au travail pour l'exposition du hall.",
    ),
    (
        "910004",
        "info",
        "refused",
        5,
        False,
        "Numéro perso pour les échanges de planning",
        "Mon numéro pour échanger des gardes : 06…",
    ),
    (
        "910006",
        "quote",
        "submitted",
        0,
        False,
        "« Seul on va plus vite, ensemble on va plus loin. »",
        "Proverbe africain.",
    ),
    (
        "910008",
        "deal",
        "submitted",
        1,
        False,
        "Vide-grenier solidaire au profit de l'association des familles",
        "Samedi prochain, parvis du bâtiment A.",
    ),
]
COMMENTS = {
    "Une playlist douce pour les pauses de nuit": [
        ("910003", "Super idée ! Je propose du piano, Ludovico Einaudi par exemple."),
        ("900003", "Et un peu de jazz calme pour 3 h du matin."),
    ],
    "Retour sur le petit-déjeuner partagé": [("900004", "Merci pour l'organisation, c'était très chouette.")],
    "Bienvenue sur le tableau de service": [("910005", "Merci, c'est clair !")],
}
NOTES = {
    "changes": "Pouvez-vous préciser qui animerait la séance et à quelle pause ?",
    "refused": "Pas de numéros personnels sur la plateforme : passez par la cadre pour les échanges.",
    "escalated": "Le droit à l'image des collègues est à vérifier : avis de la cadre demandé.",
}


def seed(wards: dict, people: dict) -> None:
    ward = wards["hematologie"]
    if db.session.scalar(select(Publication.id).where(Publication.ward_id == ward.id).limit(1)):
        return
    now = utcnow()
    admin = people["900002"]
    by_title = {}
    for author, kind, status, days, pinned, title, body in POSTS:
        created = now - timedelta(days=days, hours=2)
        publication = Publication(
            ward_id=ward.id,
            author_id=people[author].id,
            kind=kind,
            title=title,
            body=body,
            status=status,
            pinned=pinned,
            created_at=created,
            updated_at=created,
            published_at=created if status in ("published", "archived") else None,
        )
        db.session.add(publication)
        db.session.flush()
        db.session.add(
            PublicationStep(
                publication_id=publication.id,
                actor_id=people[author].id,
                action="submitted",
                to_status="submitted",
                at=created,
            )
        )
        if status != "submitted":
            db.session.add(
                PublicationStep(
                    publication_id=publication.id,
                    actor_id=admin.id,
                    action=status,
                    from_status="submitted",
                    to_status=status,
                    note=NOTES.get(status, ""),
                    at=created + timedelta(hours=1),
                )
            )
        by_title[title] = publication
    for title, lines in COMMENTS.items():
        publication = by_title[title]
        for index, (author, body) in enumerate(lines):
            db.session.add(
                Comment(
                    ward_id=ward.id,
                    target_type="publication",
                    target_id=publication.id,
                    author_id=people[author].id,
                    body=body,
                    created_at=publication.published_at + timedelta(hours=3 + index),
                )
            )
        publication.comment_count = len(lines)
    thankers = [people[m] for m in ("900003", "900004", "910003", "910005", "910007")]
    for index, publication in enumerate(p for p in by_title.values() if p.status == "published"):
        for person in thankers[: (index % 5) + 1]:
            if person.id != publication.author_id:
                db.session.add(PublicationThanks(publication_id=publication.id, person_id=person.id))
                publication.thanks_count += 1
