"""Demo history for the indicators: six months of past sessions in Hématologie (sign-ups,
attendance, a few absences and cancelled slots, feedback), post-its answered over time,
publications with thanks and comments, and anonymous questionnaire answers, so that the
charts of the reflective review say something. Runs after every other demo (ORDER)."""

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select

from app.core.timefmt import PARIS, paris_to_utc, utcnow
from app.extensions import db
from app.indicators.services import half_year_of
from app.models import (
    Activity,
    Comment,
    Membership,
    PostIt,
    Publication,
    PublicationThanks,
    SignUp,
    Slot,
    SlotFeedback,
    SurveyAnswer,
    SurveyTurn,
)

ORDER = 90
WEEKS = 26

# activity → (ISO weekday, start, minutes, capacity)
HISTORY = {
    "Massage minute": (2, time(14, 0), 20, 3),
    "Sophrologie express": (3, time(3, 0), 15, 6),
    "Petit-déjeuner partagé": (4, time(6, 45), 30, 14),
    "Coin lecture": (5, time(12, 30), 20, 6),
    "Défi marche du printemps": (1, time(13, 30), 30, 8),
}
COMMENTS = [
    "Un vrai moment de pause, merci\u00a0!",
    "Trop court, on en voudrait plus.",
    "Ça m'a fait du bien avant la relève.",
    "Bonne ambiance, on recommence\u00a0?",
    "Difficile de se libérer ce jour-là, mais super.",
    "",
    "",
    "",
]
IDEAS = [
    (
        "idea",
        "Un coin calme avec un fauteuil dans l'office de nuit.",
        "adopted",
        "Validé\u00a0: le fauteuil arrive.",
    ),
    (
        "need",
        "Des gourdes pour l'été, il fait très chaud dans le couloir.",
        "done",
        "Distribuées le 1er juillet.",
    ),
    ("idea", "Une boîte à mercis à côté de la salle de transmissions.", "done", "Installée, servez-vous."),
    (
        "question",
        "Peut-on faire le petit-déjeuner aussi pour l'équipe de nuit\u00a0?",
        "study",
        "On regarde avec la cadre.",
    ),
    (
        "idea",
        "Un planning des anniversaires de l'équipe (volontaires).",
        "declined",
        "Pas retenu\u00a0: données perso.",
    ),
    ("thanks", "Merci à l'équipe de jour pour le relais pendant la panne informatique.", "new", ""),
    ("idea", "Une playlist douce pour la salle de pause.", "adopted", "Oui, proposez vos titres."),
    ("need", "Un deuxième tapis pour les étirements.", "study", ""),
]
SURVEY_TEXTS = [
    ("Un rappel la veille du créneau.", "Pratique depuis le poste de soins."),
    ("Voir les activités des autres services.", ""),
    ("", "Simple, même en 20 minutes de pause."),
    ("Une version pour l'équipe de nuit plus visible.", ""),
    ("", ""),
]


def seed(wards: dict, people: dict) -> None:
    ward = wards["hematologie"]
    if db.session.scalar(select(SurveyAnswer.id).where(SurveyAnswer.ward_id == ward.id).limit(1)):
        return
    rng = random.Random(16)
    now = utcnow()
    today = datetime.now(PARIS).date()
    # The members were there before the history begins (for the share of members).
    joined = now - timedelta(weeks=WEEKS + 30)
    for membership in db.session.scalars(select(Membership).where(Membership.ward_id == ward.id)):
        membership.created_at = min(membership.created_at, joined)
    staff = [p for m, p in sorted(people.items()) if m.startswith(("90000", "91")) and m != "900000"]
    staff = [p for p in staff if p.memberships and any(x.ward_id == ward.id for x in p.memberships)]
    rng.shuffle(staff)
    activities = {a.name: a for a in db.session.scalars(select(Activity).where(Activity.ward_id == ward.id))}
    monday = today - timedelta(days=today.weekday())
    first_planned = monday - timedelta(days=7)  # where the planner's demo begins
    for week in range(WEEKS, 0, -1):
        week_monday = first_planned - timedelta(weeks=week)
        growth = (WEEKS - week) / WEEKS  # the group grows over the months
        for name, (weekday, start, minutes, capacity) in HISTORY.items():
            activity = activities.get(name)
            if activity is None:
                continue
            day = week_monday + timedelta(days=weekday - 1)
            _past_slot(activity, day, start, minutes, capacity, staff, rng, growth)
    _postits(ward, people, staff, rng, now)
    _feed(ward, people, staff, rng, now)
    _survey(ward, staff, today)


def _past_slot(activity, day, start, minutes, capacity, staff, rng, growth) -> None:
    starts_at = paris_to_utc(datetime.combine(day, start))
    cancelled = rng.random() < 0.06
    slot = Slot(
        ward_id=activity.ward_id,
        activity_id=activity.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        place=activity.place,
        capacity=capacity,
        status="cancelled" if cancelled else "open",
        message="Annulé\u00a0: trop de patients ce jour-là." if cancelled else "",
        created_at=starts_at - timedelta(days=10),
        updated_at=starts_at - timedelta(days=1),
    )
    db.session.add(slot)
    db.session.flush()
    wanted = round(capacity * (0.35 + 0.6 * growth) * rng.uniform(0.7, 1.1))
    wanted = max(1, min(capacity, wanted))
    # a core of regulars at first, more colleagues as the months go by; some never come
    pool = staff[: max(capacity, round(len(staff) * (0.4 + 0.4 * growth)))]
    chosen = rng.sample(pool, min(wanted, len(pool)))
    confirmed = []
    for person in chosen:
        if cancelled:
            status, attended = "cancelled", None
        elif rng.random() < 0.05:
            status, attended = "cancelled", None  # said in time she could not come
        else:
            status, attended = "confirmed", rng.random() > 0.08
        db.session.add(
            SignUp(
                slot_id=slot.id,
                person_id=person.id,
                status=status,
                created_at=starts_at - timedelta(days=rng.randint(1, 6)),
                cancelled_at=starts_at - timedelta(hours=5) if status == "cancelled" else None,
                attended=attended,
            )
        )
        if status == "confirmed":
            confirmed.append((person, attended))
    slot.taken = len(confirmed)
    for person, attended in confirmed:
        if attended and rng.random() < 0.45:
            db.session.add(
                SlotFeedback(
                    slot_id=slot.id,
                    activity_id=activity.id,
                    person_id=person.id,
                    rating=rng.choices([2, 3, 4, 5], weights=[1, 3, 8, 9])[0],
                    comment=rng.choice(COMMENTS),
                    created_at=slot.ends_at + timedelta(hours=rng.randint(1, 30)),
                )
            )


def _postits(ward, people, staff, rng, now) -> None:
    admin = people["900002"]
    for week in range(WEEKS, 0, -1):
        created = now - timedelta(weeks=week, hours=rng.randint(0, 100))
        kind, text, status, answer = IDEAS[week % len(IDEAS)]
        answered = status != "new"
        db.session.add(
            PostIt(
                ward_id=ward.id,
                author_id=rng.choice(staff).id,
                kind=kind,
                text=text,
                anonymous=week % 3 == 0,
                status=status,
                answer=answer,
                status_by_id=admin.id if answered else None,
                # answers come faster as the group settles: from about ten days to two
                status_at=created + timedelta(hours=rng.randint(20, 40 + 8 * week)) if answered else None,
                created_at=created,
            )
        )


def _feed(ward, people, staff, rng, now) -> None:
    manager = people["900001"]
    kinds = ["info", "quote", "article", "deal", "theme"]
    titles = {
        "info": "Nouvelle salle de pause ouverte",
        "quote": "Prendre soin de soi, c'est aussi prendre soin des autres.",
        "article": "Retour sur le petit-déjeuner partagé",
        "deal": "Tarif réduit à la piscine pour le personnel",
        "theme": "Le thème du mois\u00a0: la gratitude",
    }
    for week in range(WEEKS, 0, -2):
        kind = kinds[week % len(kinds)]
        published = now - timedelta(weeks=week, hours=3)
        publication = Publication(
            ward_id=ward.id,
            author_id=manager.id,
            kind=kind,
            title=titles[kind],
            body="Quelques lignes pour le service.",
            status="published",
            created_at=published,
            updated_at=published,
            published_at=published,
        )
        db.session.add(publication)
        db.session.flush()
        fans = rng.sample(staff, rng.randint(2, 9))
        for person in fans:
            db.session.add(
                PublicationThanks(
                    publication_id=publication.id, person_id=person.id, at=published + timedelta(hours=5)
                )
            )
        publication.thanks_count = len(fans)
        talkers = rng.sample(staff, rng.randint(0, 3))
        for person in talkers:
            db.session.add(
                Comment(
                    ward_id=ward.id,
                    target_type="publication",
                    target_id=publication.id,
                    author_id=person.id,
                    body="Merci, c'est une belle idée.",
                    created_at=published + timedelta(hours=8),
                )
            )
        publication.comment_count = len(talkers)


def _survey(ward, staff, today) -> None:
    """Seven answers last half-year, nine this one (shown: more than five)."""
    half_start = today.replace(month=1 if today.month <= 6 else 7, day=1)
    this_half = max(half_start, today - timedelta(days=20))
    for day, count in ((half_start - timedelta(days=30), 7), (this_half, 9)):
        half = half_year_of(day)
        # colleagues without a demo account, so the demo accounts can still answer
        for index, person in enumerate([p for p in staff if p.matricule.startswith("91")][:count]):
            missing, remark = SURVEY_TEXTS[index % len(SURVEY_TEXTS)]
            db.session.add(SurveyTurn(person_id=person.id, half_year=half))
            db.session.add(
                SurveyAnswer(
                    ward_id=ward.id,
                    half_year=half,
                    answered_on=day,
                    useful=[4, 3, 4, 3, 2, 4, 4, 3, 4][index % 9],
                    easy=[3, 4, 3, 3, 2, 4, 3, 4, 3][index % 9],
                    missing=missing,
                    remark=remark,
                )
            )
