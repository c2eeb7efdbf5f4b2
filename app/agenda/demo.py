"""A month of demo events around today, and one open find-a-date poll."""

import uuid
from datetime import datetime, time, timedelta

from sqlalchemy import select

from app.core.timefmt import PARIS, paris_to_utc
from app.extensions import db
from app.models import DatePoll, DatePollAnswer, DatePollOption, Event

ORDER = 50

# days from today, start, minutes (0: all day), kind, title, place, author
EVENTS = [
    (
        -12,
        time(14, 30),
        45,
        "meeting",
        "Réunion du groupe de bienveillance",
        "Salle de réunion du 3e",
        "900002",
    ),
    (-5, time(7, 0), 30, "celebration", "Petit-déjeuner d'anniversaire de Julie", "Salle de pause", "910003"),
    (
        2,
        time(14, 0),
        60,
        "training",
        "Formation gestes et postures",
        "Centre de formation, bâtiment C",
        "900001",
    ),
    (
        6,
        time(14, 30),
        45,
        "meeting",
        "Réunion du groupe de bienveillance",
        "Salle de réunion du 3e",
        "900002",
    ),
    (9, None, 0, "collective", "Journée de la qualité de vie au travail", "Hall du CHU", "900001"),
    (15, time(16, 0), 30, "celebration", "Pot de départ de Martine", "Salle de pause", "910005"),
    (
        20,
        time(13, 30),
        90,
        "training",
        "Initiation à la cohérence cardiaque",
        "Salle de réunion du 3e",
        "910003",
    ),
]


def seed(wards: dict, people: dict) -> None:
    ward = wards["hematologie"]
    if db.session.scalar(select(Event.id).where(Event.ward_id == ward.id).limit(1)):
        return
    today = datetime.now(PARIS).date()
    for days, start, minutes, kind, title, place, author in EVENTS:
        day = today + timedelta(days=days)
        if start is None:
            starts_at = paris_to_utc(datetime.combine(day, time()))
            ends_at = paris_to_utc(datetime.combine(day + timedelta(days=1), time()))
        else:
            starts_at = paris_to_utc(datetime.combine(day, start))
            ends_at = starts_at + timedelta(minutes=minutes)
        db.session.add(
            Event(
                ward_id=ward.id,
                author_id=people[author].id,
                uid=f"{uuid.uuid4()}@anime-ton-chu",
                kind=kind,
                title=title,
                place=place,
                starts_at=starts_at,
                ends_at=ends_at,
                all_day=start is None,
            )
        )
    poll = DatePoll(
        ward_id=ward.id,
        organiser_id=people["900002"].id,
        title="Soirée de fin d'année du groupe",
        place="À définir ensemble",
        description="Un moment convivial entre équipes de jour et de nuit.",
    )
    for offset in (24, 25, 31):
        starts_at = paris_to_utc(datetime.combine(today + timedelta(days=offset), time(19, 0)))
        poll.options.append(DatePollOption(starts_at=starts_at, ends_at=starts_at + timedelta(hours=3)))
    db.session.add(poll)
    db.session.flush()
    for index, matricule in enumerate(("900003", "910003", "910005", "910007")):
        for rank, option in enumerate(poll.options):
            db.session.add(
                DatePollAnswer(
                    option_id=option.id,
                    person_id=people[matricule].id,
                    answer=("yes", "maybe", "no")[(index + rank) % 3],
                )
            )
