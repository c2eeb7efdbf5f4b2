"""Planner actions. A sign-up is one transaction whose first statement claims the place:
UPDATE slot SET taken = taken + 1 WHERE … AND taken < capacity — never more people than
places, on SQLite and MariaDB. Cancel, promotion and the emergency stop update the same row.
The waiting list is ordered by a number taken from the slot's own counter in the same way.
A frozen or cancelled slot never promotes anyone; resume does, in order. The planner hears
about stops, resumes and archives through `app.activities.signals`.
Services flush, never commit; views run them through `app.core.writes.write`."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.activities.signals import activity_archived, activity_resumed, activity_stopped
from app.core.errors import DomainError
from app.core.links import link_to
from app.core.periods import parse_week  # noqa: F401 (the planner's and the agenda's parser)
from app.core.timefmt import PARIS, hour, paris_to_utc, to_paris, utcnow, when
from app.extensions import db
from app.models import Activity, CharterSignature, Person, SignUp, Slot, SlotFeedback, SlotSeries, Ward
from app.planner import policies
from app.records.services import audit, notify

WEEKDAYS = {1: "lundi", 2: "mardi", 3: "mercredi", 4: "jeudi", 5: "vendredi", 6: "samedi", 7: "dimanche"}
MAX_SERIES_WEEKS = 53


# --- weeks -------------------------------------------------------------------------------


def this_monday(today: date | None = None) -> date:
    today = today or datetime.now(PARIS).date()
    return today - timedelta(days=today.weekday())


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds_utc(monday: date) -> tuple[datetime, datetime]:
    start = paris_to_utc(datetime.combine(monday, time()))
    end = paris_to_utc(datetime.combine(monday + timedelta(days=7), time()))
    return start, end


# --- reading -------------------------------------------------------------------------------


def week_slots(ward: Ward, monday: date, activity_id: int | None = None) -> list[Slot]:
    start, end = week_bounds_utc(monday)
    statement = (
        select(Slot)
        # Referent links too: each slot asks whether the person keeps it (no query per slot).
        .options(joinedload(Slot.activity).selectinload(Activity.referent_links))
        .where(Slot.ward_id == ward.id, Slot.starts_at >= start, Slot.starts_at < end)
    )
    if activity_id:
        statement = statement.where(Slot.activity_id == activity_id)
    return db.session.scalars(statement.order_by(Slot.starts_at, Slot.id)).all()


def by_day(slots: list[Slot], monday: date, day_of=None) -> list[tuple[date, list[Slot]]]:
    """The week's seven days with their slots. `day_of(slot)` may put a slot on another day
    than its start (a 0 h 30 slot on the night it belongs to), within the week."""
    days = {monday + timedelta(days=n): [] for n in range(7)}
    for slot in slots:
        day = day_of(slot) if day_of else to_paris(slot.starts_at).date()
        if day not in days:
            day = to_paris(slot.starts_at).date()
        days.setdefault(day, []).append(slot)
    return list(days.items())


def my_sign_ups(person: Person, slot_ids: list[int]) -> dict[int, SignUp]:
    if not slot_ids:
        return {}
    rows = db.session.scalars(
        select(SignUp).where(
            SignUp.person_id == person.id, SignUp.slot_id.in_(slot_ids), SignUp.status != "cancelled"
        )
    )
    return {row.slot_id: row for row in rows}


def waiting_positions(person: Person, slot_ids: list[int]) -> dict[int, int]:
    """My true rank on each waiting list (1 = next in line): how many wait before me, + 1.
    One query; the numbers come from the slot's counter, so there are no ties."""
    if not slot_ids:
        return {}
    mine = (
        select(SignUp.slot_id, SignUp.waiting_seq)
        .where(SignUp.person_id == person.id, SignUp.status == "waiting", SignUp.slot_id.in_(slot_ids))
        .subquery()
    )
    rows = db.session.execute(
        select(mine.c.slot_id, func.count(SignUp.id))
        .join(SignUp, (SignUp.slot_id == mine.c.slot_id) & (SignUp.status == "waiting"))
        .where(SignUp.waiting_seq <= mine.c.waiting_seq)
        .group_by(mine.c.slot_id)
    ).all()
    return dict(rows)


def accepted_versions(person: Person, activity_ids) -> dict[int, int]:
    ids = list(set(activity_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(CharterSignature.activity_id, func.max(CharterSignature.version))
        .where(CharterSignature.person_id == person.id, CharterSignature.activity_id.in_(ids))
        .group_by(CharterSignature.activity_id)
    ).all()
    return dict(rows)


def needs_charter(activity: Activity, accepted: dict[int, int]) -> bool:
    """Asked at the first sign-up to an activity, and again when its charter changes."""
    return bool(activity.responsibility_charter) and accepted.get(activity.id, 0) < activity.charter_version


def roster(slot: Slot) -> tuple[list[SignUp], list[SignUp]]:
    rows = db.session.scalars(
        select(SignUp)
        .options(joinedload(SignUp.person))
        .where(SignUp.slot_id == slot.id, SignUp.status != "cancelled")
        .order_by(SignUp.waiting_seq, SignUp.created_at, SignUp.id)
    ).all()
    return [r for r in rows if r.status == "confirmed"], [r for r in rows if r.status == "waiting"]


def upcoming_for(person: Person, ward: Ward) -> list[SignUp]:
    return db.session.scalars(
        select(SignUp)
        .join(Slot, Slot.id == SignUp.slot_id)
        .options(joinedload(SignUp.slot).joinedload(Slot.activity))
        .where(SignUp.person_id == person.id, SignUp.status != "cancelled", Slot.ward_id == ward.id)
        .where(Slot.ends_at > utcnow() - timedelta(days=30))
        .order_by(Slot.starts_at)
    ).all()


def feedback_given(person: Person, slot_ids: list[int]) -> set[int]:
    if not slot_ids:
        return set()
    return set(
        db.session.scalars(
            select(SlotFeedback.slot_id).where(
                SlotFeedback.person_id == person.id, SlotFeedback.slot_id.in_(slot_ids)
            )
        )
    )


@dataclass
class FeedbackSummary:
    count: int
    average: float | None
    comments: list[SlotFeedback]


def feedback_summary(activity: Activity) -> FeedbackSummary:
    count, average = db.session.execute(
        select(func.count(SlotFeedback.id), func.avg(SlotFeedback.rating)).where(
            SlotFeedback.activity_id == activity.id
        )
    ).one()
    comments = db.session.scalars(
        select(SlotFeedback)
        .where(SlotFeedback.activity_id == activity.id, SlotFeedback.comment != "")
        .order_by(SlotFeedback.created_at.desc())
        .limit(20)
    ).all()
    return FeedbackSummary(count, float(average) if average is not None else None, comments)


# --- signing up ------------------------------------------------------------------------------


def sign_up(slot_id: int, *, by: Person) -> str:
    """Claim a place, first statement of the transaction. Returns "confirmed" or "full"."""
    now = utcnow()
    claimed = db.session.execute(
        update(Slot)
        .where(Slot.id == slot_id, Slot.status == "open", Slot.taken < Slot.capacity, Slot.starts_at > now)
        .values(taken=Slot.taken + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        return "full"
    _take_place(slot_id, by, now)
    return "confirmed"


def _take_place(slot_id: int, person: Person, now: datetime) -> None:
    """Record the confirmed place (a former cancelled or waiting row comes back)."""
    revived = db.session.execute(
        update(SignUp)
        .where(SignUp.slot_id == slot_id, SignUp.person_id == person.id, SignUp.status == "cancelled")
        .values(status="confirmed", created_at=now, cancelled_at=None, waiting_since=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if revived:
        return
    db.session.add(SignUp(slot_id=slot_id, person_id=person.id, status="confirmed", created_at=now))
    try:
        db.session.flush()
    except IntegrityError as error:  # already confirmed or waiting: the claim is undone too
        raise AlreadySignedUpError from error


class AlreadySignedUpError(DomainError):
    def __init__(self):
        super().__init__("Vous êtes déjà inscrit·e à ce créneau (ou sur sa liste d'attente).")


def join_waiting_list(slot_id: int, *, by: Person) -> str:
    """A place may have freed up since: take it; otherwise wait in line, with the next number
    of the slot's counter (taken by the statement that locks the row, so no two people get
    the same number and a rolled-back join gives its number back)."""
    if sign_up(slot_id, by=by) == "confirmed":
        return "confirmed"
    now = utcnow()
    locked = db.session.execute(
        update(Slot)
        .where(Slot.id == slot_id, Slot.status == "open", Slot.starts_at > now)
        .values(waiting=Slot.waiting + 1, waiting_seq=Slot.waiting_seq + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if locked != 1:
        raise DomainError("Ce créneau n'est plus ouvert aux inscriptions.")
    # A locking read (the latest committed row, whatever the snapshot) of the row we hold:
    # nobody else can have moved the counter since our UPDATE.
    seq = db.session.scalar(select(Slot.waiting_seq).where(Slot.id == slot_id).with_for_update())
    revived = db.session.execute(
        update(SignUp)
        .where(SignUp.slot_id == slot_id, SignUp.person_id == by.id, SignUp.status == "cancelled")
        .values(status="waiting", waiting_since=now, waiting_seq=seq, cancelled_at=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not revived:
        db.session.add(
            SignUp(
                slot_id=slot_id,
                person_id=by.id,
                status="waiting",
                waiting_since=now,
                waiting_seq=seq,
                created_at=now,
            )
        )
        try:
            db.session.flush()
        except IntegrityError as error:
            raise AlreadySignedUpError from error
    return "waiting"


def cancel_sign_up(slot_id: int, *, by: Person) -> SignUp | None:
    """Leave a slot or its waiting list. In an open slot the first in line takes the freed
    place and is told; in a frozen or cancelled slot the place is only given back (resume
    fills it, in order). Returns the promoted sign-up, if any."""
    now = utcnow()
    # First statement: the slot row, so this serialises with sign-ups, stops and resumes.
    locked = db.session.execute(
        update(Slot)
        .where(Slot.id == slot_id, Slot.starts_at > now)
        .values(updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if locked != 1:
        raise DomainError("Ce créneau a déjà commencé : on ne peut plus s'en désinscrire.")
    # A locking read of the row we hold: a stop committed before our UPDATE is seen here.
    status = db.session.scalar(select(Slot.status).where(Slot.id == slot_id).with_for_update())
    mine = db.session.scalar(
        select(SignUp).where(
            SignUp.slot_id == slot_id, SignUp.person_id == by.id, SignUp.status != "cancelled"
        )
    )
    if mine is None:
        raise DomainError("Vous n'êtes pas inscrit·e à ce créneau.")
    was = mine.status
    mine.status, mine.cancelled_at = "cancelled", now
    db.session.flush()
    if was == "waiting":
        db.session.execute(update(Slot).where(Slot.id == slot_id).values(waiting=Slot.waiting - 1))
        return None
    db.session.execute(update(Slot).where(Slot.id == slot_id, Slot.taken > 0).values(taken=Slot.taken - 1))
    if status != "open":
        return None  # nothing changes in a frozen slot except by resume
    promoted = fill_free_places(slot_id)
    return promoted[0] if promoted else None


def _first_waiting(slot_id: int) -> SignUp | None:
    return db.session.scalar(
        select(SignUp)
        .where(SignUp.slot_id == slot_id, SignUp.status == "waiting")
        .order_by(SignUp.waiting_seq, SignUp.id)
        .limit(1)
        .with_for_update()
    )


def fill_free_places(slot_id: int) -> list[SignUp]:
    """An open slot with free places: those waiting take them, lowest number first, and are
    told. Each promotion claims its place like a sign-up does (open, before the start, below
    capacity), so it never overbooks nor fills a frozen slot. The caller holds the slot row."""
    promoted = []
    while (first := _first_waiting(slot_id)) is not None:
        now = utcnow()
        claimed = db.session.execute(
            update(Slot)
            .where(
                Slot.id == slot_id,
                Slot.status == "open",
                Slot.taken < Slot.capacity,
                Slot.starts_at > now,
            )
            .values(taken=Slot.taken + 1, waiting=Slot.waiting - 1, updated_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            break
        first.status, first.waiting_since = "confirmed", None
        db.session.flush()
        _tell_promoted(first)
        promoted.append(first)
    return promoted


def _tell_promoted(sign: SignUp) -> None:
    slot = db.session.get(Slot, sign.slot_id)
    notify(
        sign.person_id,
        "slot.promoted",
        f"Une place s'est libérée : vous êtes inscrit·e à « {slot.activity.name} », {slot_when(slot)}.",
        link=slot_link(slot),
        ward=slot.activity.ward,
    )


def _week_link(slot: Slot) -> str:
    week = week_label(this_monday(to_paris(slot.starts_at).date()))
    return link_to("planner.week", ward_slug=slot.activity.ward.slug, semaine=week)


def slot_link(slot: Slot) -> str:
    """Where a notification about a slot leads: the slot's own page."""
    return link_to("planner.slot", ward_slug=slot.activity.ward.slug, slot_id=slot.id)


def slot_when(slot: Slot) -> str:
    return f"{when(slot.starts_at)} – {hour(slot.ends_at)}"


def accept_charter(
    activity: Activity, *, by: Person, shown_at: datetime, ip: str, user_agent: str
) -> CharterSignature:
    """Record the acceptance of this version of the activity's charter (rows never change)."""
    existing = db.session.scalar(
        select(CharterSignature).where(
            CharterSignature.person_id == by.id,
            CharterSignature.activity_id == activity.id,
            CharterSignature.version == activity.charter_version,
        )
    )
    if existing:
        return existing
    signature = CharterSignature(
        person_id=by.id,
        activity_id=activity.id,
        version=activity.charter_version,
        text_sha256=hashlib.sha256(activity.responsibility_charter.encode()).hexdigest(),
        shown_at=shown_at,
        ip=ip[:45],
        user_agent=user_agent[:255],
    )
    db.session.add(signature)
    db.session.flush()
    audit(
        "charter.signed",
        by=by,
        ward=activity.ward,
        target=activity,
        detail={"version": activity.charter_version},
    )
    return signature


# --- keeping slots ---------------------------------------------------------------------------------


MAX_SLOT_HOURS = 12


def _check_times(day: date, start: time, end: time, capacity: int) -> tuple[datetime, datetime]:
    """A slot on `day` from `start`; an end before the start is the next morning (a night
    slot, 23 h 30 – 0 h 10), and no slot lasts more than a 12-hour shift."""
    if end == start:
        raise DomainError("L'heure de fin doit venir après l'heure de début.", field="end")
    if not 1 <= capacity <= 500:
        raise DomainError("Le nombre de places va de 1 à 500.", field="capacity")
    starts_at = paris_to_utc(datetime.combine(day, start))
    ends_at = paris_to_utc(datetime.combine(day + timedelta(days=1) if end < start else day, end))
    if ends_at - starts_at > timedelta(hours=MAX_SLOT_HOURS):
        raise DomainError(
            "Un créneau dure au plus 12 heures. Une fin avant le début le termine le lendemain "
            "(créneau de nuit) : vérifiez les heures.",
            field="end",
        )
    if starts_at < utcnow() - timedelta(minutes=5):
        raise DomainError("Ce moment est déjà passé : choisissez une date à venir.", field="day")
    if day > (datetime.now(PARIS).date() + timedelta(days=400)):
        raise DomainError("Planifiez au plus un an à l'avance.", field="day")
    return starts_at, ends_at


def create_slots(
    activity: Activity,
    *,
    by: Person,
    day: date,
    start: time,
    end: time,
    place: str,
    capacity: int,
    weekdays: list[int] | None = None,
    until: date | None = None,
) -> list[Slot]:
    """One slot, or a weekly series on the chosen days from `day` until `until`."""
    if not policies.can_manage_slots(by, activity):
        raise DomainError("Seuls les référents de l'activité, les administrateurs et la cadre planifient.")
    _check_times(day, start, end, capacity)
    days = [day]
    series = None
    if weekdays:
        if not until or until < day:
            raise DomainError("Indiquez jusqu'à quand le créneau se répète.", field="until")
        if (until - day).days > MAX_SERIES_WEEKS * 7:
            raise DomainError("Une répétition dure au plus un an.", field="until")
        days = [
            d
            for d in (day + timedelta(days=n) for n in range((until - day).days + 1))
            if d.isoweekday() in weekdays
        ]
        if not days:
            raise DomainError("Aucun des jours choisis ne tombe dans cette période.", field="weekdays")
        series = SlotSeries(
            activity_id=activity.id,
            weekdays=",".join(str(d) for d in sorted(weekdays)),
            start_time=start.strftime("%H:%M"),
            duration_minutes=_minutes(start, end),
            starts_on=day,
            until=until,
            created_by_id=by.id,
        )
        db.session.add(series)
        db.session.flush()
    slots = []
    for each in days:
        starts_at, ends_at = _check_times(each, start, end, capacity)
        slots.append(
            Slot(
                ward_id=activity.ward_id,
                activity_id=activity.id,
                series_id=series.id if series else None,
                starts_at=starts_at,
                ends_at=ends_at,
                place=place.strip()[:200] or activity.place,
                capacity=capacity,
                created_by_id=by.id,
            )
        )
    db.session.add_all(slots)
    db.session.flush()
    audit("slot.created", by=by, ward=activity.ward, target=activity, detail={"count": len(slots)})
    return slots


def _minutes(start: time, end: time) -> int:
    """The length of a slot; across midnight when it ends before it starts."""
    return ((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)) % (24 * 60)


def _people_on(slot: Slot) -> list[int]:
    return list(
        db.session.scalars(
            select(SignUp.person_id).where(SignUp.slot_id == slot.id, SignUp.status != "cancelled")
        )
    )


def move_slot(
    slot: Slot,
    *,
    by: Person,
    day: date,
    start: time,
    end: time,
    place: str,
    capacity: int,
    message: str = "",
    scope: str = "this",
) -> list[Slot]:
    """Move this slot (or this and the following of its series); those signed up are told."""
    if not policies.can_manage_slots(by, slot.activity):
        raise DomainError(
            "Seuls les référents de l'activité, les administrateurs et la cadre modifient un créneau."
        )
    targets = [slot]
    if scope == "following" and slot.series_id:
        targets = db.session.scalars(
            select(Slot)
            .where(Slot.series_id == slot.series_id, Slot.starts_at >= slot.starts_at, Slot.status == "open")
            .order_by(Slot.starts_at)
        ).all()
    shift = None
    for target in targets:
        if target is slot:
            starts_at, ends_at = _check_times(day, start, end, capacity)
            shift = starts_at - slot.starts_at
        else:
            local_day = (
                to_paris(target.starts_at + shift).date() if shift else to_paris(target.starts_at).date()
            )
            starts_at, ends_at = _check_times(local_day, start, end, capacity)
        # Lock the row and check the capacity against those already confirmed, atomically.
        changed = db.session.execute(
            update(Slot)
            .where(Slot.id == target.id, Slot.taken <= capacity)
            .values(
                starts_at=starts_at,
                ends_at=ends_at,
                place=place.strip()[:200] or target.place,
                capacity=capacity,
                message=message.strip(),
                updated_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if changed != 1:
            raise DomainError(
                f"Impossible de passer à {capacity} place(s) : plus de personnes sont déjà inscrites.",
                field="capacity",
            )
        db.session.refresh(target)
        if target.status == "open":
            fill_free_places(target.id)  # more places: those waiting move up, in order
        _tell(
            target,
            "slot.moved",
            f"Créneau de « {target.activity.name} » modifié : {slot_when(target)}"
            + (f", {target.place}" if target.place else "")
            + (f" — {message.strip()}" if message.strip() else ""),
        )
    audit(
        "slot.moved",
        by=by,
        ward=slot.activity.ward,
        target=slot,
        reason=message,
        detail={"count": len(targets)},
    )
    return targets


def cancel_slot(slot: Slot, *, by: Person, message: str) -> None:
    """Cancel with a word for everyone signed up or waiting."""
    if not policies.can_manage_slots(by, slot.activity):
        raise DomainError(
            "Seuls les référents de l'activité, les administrateurs et la cadre annulent un créneau."
        )
    message = message.strip()
    if not message:
        raise DomainError("Un mot pour les personnes inscrites est nécessaire.", field="message")
    changed = db.session.execute(
        update(Slot)
        .where(Slot.id == slot.id, Slot.status != "cancelled")
        .values(status="cancelled", message=message, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise DomainError("Ce créneau est déjà annulé.")
    db.session.refresh(slot)
    _tell(slot, "slot.cancelled", f"Créneau annulé : « {slot.activity.name} », {slot_when(slot)} — {message}")
    audit("slot.cancelled", by=by, ward=slot.activity.ward, target=slot, reason=message)


def _tell(slot: Slot, kind: str, text: str) -> None:
    for person_id in _people_on(slot):
        notify(
            person_id,
            kind,
            text,
            link=slot_link(slot),
            ward=slot.activity.ward,
        )


def freeze_upcoming(activity: Activity, **_context) -> list[int]:
    """Emergency stop: every upcoming open slot is frozen (no sign-up gets through after it
    commits); returns the people signed up or waiting, to be told."""
    now = utcnow()
    db.session.execute(
        update(Slot)
        .where(Slot.activity_id == activity.id, Slot.starts_at > now, Slot.status == "open")
        .values(status="frozen", updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return list(
        db.session.scalars(
            select(SignUp.person_id)
            .join(Slot, Slot.id == SignUp.slot_id)
            .where(Slot.activity_id == activity.id, Slot.starts_at > now, SignUp.status != "cancelled")
        )
    )


def unfreeze_upcoming(activity: Activity, **_context) -> list[int]:
    """Resume: frozen upcoming slots open again; places freed meanwhile go to those waiting,
    in order (they are told)."""
    now = utcnow()
    frozen = list(
        db.session.scalars(
            select(Slot.id).where(
                Slot.activity_id == activity.id, Slot.starts_at > now, Slot.status == "frozen"
            )
        )
    )
    if not frozen:
        return []
    db.session.execute(
        update(Slot)
        .where(Slot.id.in_(frozen), Slot.status == "frozen")
        .values(status="open", updated_at=now)
        .execution_options(synchronize_session=False)
    )
    for slot_id in frozen:
        fill_free_places(slot_id)
    # Those signed up were told of the stop: they are told it resumes.
    return list(
        db.session.scalars(
            select(SignUp.person_id)
            .join(Slot, Slot.id == SignUp.slot_id)
            .where(Slot.activity_id == activity.id, Slot.starts_at > now, SignUp.status != "cancelled")
        )
    )


def freeze_on_archive(activity: Activity, *, was: str, **_context) -> list[int]:
    """Archiving an active activity freezes its upcoming slots like a stop (a suspended one
    is frozen already)."""
    if was != "active":
        return []
    freeze_upcoming(activity)
    return []


# Connected once, when the planner is imported (with its blueprint); strong references.
activity_stopped.connect(freeze_upcoming, weak=False)
activity_resumed.connect(unfreeze_upcoming, weak=False)
activity_archived.connect(freeze_on_archive, weak=False)


def mark_attendance(slot: Slot, *, by: Person, present_ids: set[int]) -> None:
    if not policies.can_mark_attendance(by, slot):
        raise DomainError("Seuls les référents, les administrateurs et la cadre notent les présences.")
    confirmed, _waiting = roster(slot)
    for sign in confirmed:
        sign.attended = sign.person_id in present_ids
    audit(
        "slot.attendance", by=by, ward=slot.activity.ward, target=slot, detail={"present": len(present_ids)}
    )


def leave_feedback(slot: Slot, *, by: Person, rating: int, comment: str) -> SlotFeedback:
    mine = my_sign_ups(by, [slot.id]).get(slot.id)
    if not policies.can_leave_feedback(by, slot, mine):
        raise DomainError("Seules les personnes présentes donnent leur avis, une fois la séance passée.")
    if not 1 <= rating <= 5:
        raise DomainError("Choisissez une note de 1 à 5.", field="rating")
    feedback = SlotFeedback(
        slot_id=slot.id,
        activity_id=slot.activity_id,
        person_id=by.id,
        rating=rating,
        comment=comment.strip()[:1000],
    )
    db.session.add(feedback)
    try:
        db.session.flush()
    except IntegrityError as error:
        raise DomainError("Vous avez déjà donné votre avis sur cette séance. Merci !") from error
    return feedback
