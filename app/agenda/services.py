"""Agenda actions and queries (flush, never commit)."""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload, selectinload

from app.agenda import policies
from app.core.errors import DomainError
from app.core.links import link_to
from app.core.timefmt import PARIS, paris_to_utc, to_paris, utcnow, when
from app.extensions import db
from app.limits import check_hourly
from app.models import (
    Activity,
    CalendarToken,
    DatePoll,
    DatePollAnswer,
    DatePollOption,
    Event,
    Person,
    SignUp,
    Slot,
    Ward,
)
from app.models.agenda import EVENT_KINDS
from app.moderation.policies import can_moderate
from app.records.services import audit, notify

MAX_EVENT_DAYS = 5
HORIZON_DAYS = 2 * 365


# --- periods ------------------------------------------------------------------------------


def month_label(first: date) -> str:
    return f"{first.year}-{first.month:02d}"


def shift_month(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_grid(first: date) -> list[list[date]]:
    """Weeks (Monday first) covering the month."""
    start = first - timedelta(days=first.weekday())
    last = shift_month(first, 1) - timedelta(days=1)
    end = last + timedelta(days=6 - last.weekday())
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return [days[i : i + 7] for i in range(0, len(days), 7)]


def _utc_bounds(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    return paris_to_utc(datetime.combine(first_day, time())), paris_to_utc(
        datetime.combine(last_day + timedelta(days=1), time())
    )


@dataclass
class Period:
    events: dict  # day → [Event]
    slots: dict  # day → [Slot]


def period(ward: Ward, person: Person, first_day: date, last_day: date) -> Period:
    """Events and active activities' slots between two days, by Paris day: two queries."""
    start, end = _utc_bounds(first_day, last_day)
    visible = Event.hidden.is_(False) | (Event.author_id == person.id)
    if can_moderate(person, ward):
        visible = True
    events = db.session.scalars(
        select(Event)
        .where(Event.ward_id == ward.id, Event.starts_at < end, Event.ends_at > start)
        .where(visible)
        .order_by(Event.starts_at, Event.id)
    ).all()
    slots = db.session.scalars(
        select(Slot)
        .join(Activity, Activity.id == Slot.activity_id)
        .options(joinedload(Slot.activity))
        .where(
            Slot.ward_id == ward.id,
            Slot.starts_at >= start,
            Slot.starts_at < end,
            Activity.status == "active",
        )
        .order_by(Slot.starts_at, Slot.id)
    ).all()
    by_day_events, by_day_slots = {}, {}
    for event in events:
        day = max(to_paris(event.starts_at).date(), first_day)
        last = min(to_paris(event.ends_at - timedelta(seconds=1)).date(), last_day)
        while day <= last:
            by_day_events.setdefault(day, []).append(event)
            day += timedelta(days=1)
    for slot in slots:
        by_day_slots.setdefault(to_paris(slot.starts_at).date(), []).append(slot)
    return Period(by_day_events, by_day_slots)


# --- events ----------------------------------------------------------------------------------


def _times(day: date, start: time | None, end_day: date | None, end: time | None, all_day: bool):
    end_day = end_day or day
    if all_day:
        starts_at = paris_to_utc(datetime.combine(day, time()))
        ends_at = paris_to_utc(datetime.combine(end_day + timedelta(days=1), time()))
    else:
        if start is None or end is None:
            raise DomainError(
                "Indiquez l'heure de début et de fin (ou cochez « toute la journée »).", field="start"
            )
        starts_at = paris_to_utc(datetime.combine(day, start))
        ends_at = paris_to_utc(datetime.combine(end_day, end))
    if ends_at <= starts_at:
        raise DomainError("La fin doit venir après le début.", field="end")
    if ends_at - starts_at > timedelta(days=MAX_EVENT_DAYS):
        raise DomainError(f"Un événement dure au plus {MAX_EVENT_DAYS} jours.", field="end_day")
    now = utcnow()
    if starts_at < now - timedelta(days=365) or starts_at > now + timedelta(days=HORIZON_DAYS):
        raise DomainError("Choisissez une date entre l'an dernier et les deux ans à venir.", field="day")
    return starts_at, ends_at


def add_event(
    ward: Ward,
    *,
    by: Person,
    kind: str,
    title: str,
    description: str,
    place: str,
    day: date,
    start: time | None,
    end_day: date | None,
    end: time | None,
    all_day: bool,
) -> Event:
    """Any member adds an event: it appears at once and is watched after the fact."""
    if not policies.can_add_event(by, ward):
        raise DomainError("Seuls les membres du service ajoutent des événements.")
    if kind not in EVENT_KINDS:
        raise DomainError("Choisissez un type dans la liste.", field="kind")
    if not title.strip():
        raise DomainError("Donnez un titre à l'événement.", field="title")
    starts_at, ends_at = _times(day, start, end_day, end, all_day)
    check_hourly("event", by, ward.id)
    event = Event(
        ward_id=ward.id,
        author_id=by.id,
        uid=f"{uuid.uuid4()}@anime-ton-chu",
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        place=place.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        all_day=all_day,
    )
    db.session.add(event)
    db.session.flush()
    return event


def edit_event(event: Event, *, by: Person, **fields) -> None:
    if not policies.can_edit_event(by, event):
        raise DomainError("Seuls l'auteur·rice, les administrateurs et la cadre modifient cet événement.")
    if fields["kind"] not in EVENT_KINDS:
        raise DomainError("Choisissez un type dans la liste.", field="kind")
    if not fields["title"].strip():
        raise DomainError("Donnez un titre à l'événement.", field="title")
    event.starts_at, event.ends_at = _times(
        fields["day"], fields["start"], fields["end_day"], fields["end"], fields["all_day"]
    )
    event.kind, event.title = fields["kind"], fields["title"].strip()
    event.description, event.place, event.all_day = (
        fields["description"].strip(),
        fields["place"].strip(),
        fields["all_day"],
    )
    event.sequence += 1
    event.updated_at = utcnow()


def cancel_event(event: Event, *, by: Person) -> None:
    if not policies.can_edit_event(by, event):
        raise DomainError("Seuls l'auteur·rice, les administrateurs et la cadre annulent cet événement.")
    event.cancelled, event.sequence, event.updated_at = True, event.sequence + 1, utcnow()
    audit("event.cancelled", by=by, ward=event.ward, target=event)


# --- calendar feeds ----------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_calendar_token(person: Person) -> str:
    """A fresh secret; the previous one stops working at once."""
    now = utcnow()
    db.session.execute(
        update(CalendarToken)
        .where(CalendarToken.person_id == person.id, CalendarToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    token = secrets.token_urlsafe(24)
    db.session.add(CalendarToken(person_id=person.id, token_hash=_hash(token)))
    db.session.flush()
    return token


def has_calendar_links(person: Person) -> bool:
    """Whether this person already has working subscription links (to warn before replacing)."""
    return (
        db.session.scalar(
            select(CalendarToken.id)
            .where(CalendarToken.person_id == person.id, CalendarToken.revoked_at.is_(None))
            .limit(1)
        )
        is not None
    )


def person_for_token(token: str) -> Person | None:
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(
        select(CalendarToken)
        .options(joinedload(CalendarToken.person))
        .where(CalendarToken.token_hash == _hash(token), CalendarToken.revoked_at.is_(None))
    )
    if row is None or row.person.status != "active":
        return None
    return row.person


def feed_events(ward: Ward) -> tuple[list[Event], list[Slot]]:
    """What the ward feed shows: events (cancelled ones marked) and slots, from a month back."""
    since = utcnow() - timedelta(days=31)
    events = db.session.scalars(
        select(Event)
        .where(Event.ward_id == ward.id, Event.hidden.is_(False), Event.ends_at > since)
        .order_by(Event.starts_at)
    ).all()
    slots = db.session.scalars(
        select(Slot)
        .options(joinedload(Slot.activity))
        .join(Activity, Activity.id == Slot.activity_id)
        .where(Slot.ward_id == ward.id, Slot.ends_at > since, Activity.status.in_(("active", "suspended")))
        .order_by(Slot.starts_at)
    ).all()
    return events, slots


def my_sign_up_slots(person: Person) -> list[tuple[Slot, SignUp]]:
    since = utcnow() - timedelta(days=31)
    rows = db.session.execute(
        select(Slot, SignUp)
        .join(SignUp, SignUp.slot_id == Slot.id)
        .options(joinedload(Slot.activity).joinedload(Activity.ward))
        .where(SignUp.person_id == person.id, Slot.ends_at > since)
        .order_by(Slot.starts_at)
    ).all()
    return [(slot, sign) for slot, sign in rows]


# --- find a date --------------------------------------------------------------------------------


def create_poll(
    ward: Ward,
    *,
    by: Person,
    title: str,
    description: str,
    place: str,
    options: list[tuple[datetime, datetime]],
) -> DatePoll:
    if not title.strip():
        raise DomainError("Donnez un titre au sondage.", field="title")
    if len(options) < 2:
        raise DomainError("Proposez au moins deux dates.", field="options")
    if len(options) > 20:
        raise DomainError("Vingt dates au plus.", field="options")
    now = utcnow()
    for starts_at, ends_at in options:
        if ends_at <= starts_at:
            raise DomainError("Pour chaque date, la fin doit venir après le début.", field="options")
        if starts_at < now or starts_at > now + timedelta(days=HORIZON_DAYS):
            raise DomainError("Proposez des dates à venir (dans les deux ans).", field="options")
    check_hourly("poll", by, ward.id)
    poll = DatePoll(
        ward_id=ward.id,
        organiser_id=by.id,
        title=title.strip(),
        description=description.strip(),
        place=place.strip(),
    )
    poll.options = [DatePollOption(starts_at=s, ends_at=e) for s, e in sorted(set(options))]
    db.session.add(poll)
    db.session.flush()
    return poll


def poll_with_answers(poll: DatePoll) -> dict:
    answers = db.session.scalars(
        select(DatePollAnswer)
        .options(joinedload(DatePollAnswer.person))
        .where(DatePollAnswer.option_id.in_([o.id for o in poll.options]))
    ).all()
    table, people = {}, {}
    for answer in answers:
        table[(answer.person_id, answer.option_id)] = answer.answer
        people[answer.person_id] = answer.person
    counts = {o.id: {"yes": 0, "maybe": 0, "no": 0} for o in poll.options}
    for (_person, option_id), value in table.items():
        counts[option_id][value] += 1
    ordered = sorted(people.values(), key=lambda p: (p.last_name, p.first_name))
    return {"table": table, "people": ordered, "counts": counts}


def answer_poll(poll: DatePoll, ward: Ward, *, by: Person, answers: dict[int, str]) -> None:
    """Yes / if needed / no for each date; answering again changes the answers."""
    if not policies.can_answer_poll(by, poll, ward):
        raise DomainError("Ce sondage est clos.")
    option_ids = {o.id for o in poll.options}
    existing = {
        a.option_id: a
        for a in db.session.scalars(
            select(DatePollAnswer).where(
                DatePollAnswer.person_id == by.id, DatePollAnswer.option_id.in_(option_ids)
            )
        )
    }
    for option_id, value in answers.items():
        if option_id not in option_ids or value not in ("yes", "maybe", "no"):
            continue
        if option_id in existing:
            existing[option_id].answer, existing[option_id].at = value, utcnow()
        else:
            db.session.add(DatePollAnswer(option_id=option_id, person_id=by.id, answer=value))
    db.session.flush()


def close_poll(poll: DatePoll, ward: Ward, *, by: Person, option_id: int) -> Event:
    """The organiser picks a date: it becomes an agenda event and the answerers are told."""
    if not policies.can_close_poll(by, poll, ward):
        raise DomainError("Ce sondage est déjà clos, ou vous n'en êtes pas l'organisateur·rice.")
    option = next((o for o in poll.options if o.id == option_id), None)
    if option is None:
        raise DomainError("Choisissez une des dates proposées.", field="option_id")
    closed = db.session.execute(
        update(DatePoll)
        .where(DatePoll.id == poll.id, DatePoll.closed_at.is_(None))
        .values(closed_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if closed != 1:
        raise DomainError("Ce sondage vient d'être clos par quelqu'un d'autre.")
    event = Event(
        ward_id=ward.id,
        author_id=by.id,
        uid=f"{uuid.uuid4()}@anime-ton-chu",
        kind=poll.kind,
        title=poll.title,
        description=poll.description,
        place=poll.place,
        starts_at=option.starts_at,
        ends_at=option.ends_at,
    )
    db.session.add(event)
    db.session.flush()
    poll.event_id = event.id
    db.session.refresh(poll)
    answerers = set(
        db.session.scalars(
            select(DatePollAnswer.person_id).where(DatePollAnswer.option_id.in_([o.id for o in poll.options]))
        )
    )
    for person_id in answerers - {by.id}:
        notify(
            person_id,
            "poll.closed",
            f"« {poll.title} » aura lieu le {when(option.starts_at)}.",
            link=link_to("agenda.event", ward_slug=ward.slug, event_id=event.id),
            ward=ward,
        )
    return event


def open_polls(ward: Ward) -> list[DatePoll]:
    return db.session.scalars(
        select(DatePoll)
        .options(selectinload(DatePoll.options), joinedload(DatePoll.organiser))
        .where(DatePoll.ward_id == ward.id)
        .order_by(DatePoll.closed_at.is_not(None), DatePoll.created_at.desc())
        .limit(30)
    ).all()


def today_paris() -> date:
    return datetime.now(PARIS).date()
