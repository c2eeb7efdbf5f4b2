"""Demo slots for this week and the next ones, some full with a waiting list."""

import hashlib
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.core.timefmt import PARIS, paris_to_utc, utcnow
from app.extensions import db
from app.models import Activity, CharterSignature, SignUp, Slot, SlotFeedback, SlotSeries

ORDER = 20

# activity name → (ISO weekdays, start, minutes, capacity)
PLANS = {
    "Massage minute": ([2, 4], time(14, 0), 20, 2),
    "Sophrologie express": ([3], time(3, 0), 15, 6),
    "Petit-déjeuner partagé": ([4], time(6, 45), 30, 30),
    "Coin lecture": ([1, 5], time(12, 30), 20, 8),
    "Sieste flash": ([2], time(3, 30), 10, 2),
}


def seed(wards: dict, people: dict) -> None:
    ward = wards["hematologie"]
    if db.session.scalar(select(Slot.id).where(Slot.ward_id == ward.id).limit(1)):
        return
    today = datetime.now(PARIS).date()
    monday = today - timedelta(days=today.weekday())
    first, last = monday - timedelta(days=7), monday + timedelta(days=27)
    admin = people["900002"]
    activities = {a.name: a for a in db.session.scalars(select(Activity).where(Activity.ward_id == ward.id))}
    staff = [p for m, p in sorted(people.items()) if m.startswith("91")][:30]
    now = utcnow()
    for name, (weekdays, start, minutes, capacity) in PLANS.items():
        activity = activities.get(name)
        if activity is None:
            continue
        series = SlotSeries(
            activity_id=activity.id,
            weekdays=",".join(map(str, weekdays)),
            start_time=start.strftime("%H:%M"),
            duration_minutes=minutes,
            starts_on=first,
            until=last,
            created_by_id=admin.id,
        )
        db.session.add(series)
        db.session.flush()
        day = first
        while day <= last:
            if day.isoweekday() in weekdays:
                _slot(activity, series, day, start, minutes, capacity, staff, now)
            day += timedelta(days=1)
    massage = activities.get("Massage minute")
    if massage:  # the demo members accepted the massage charter already, except Julie (900004)
        digest = hashlib.sha256(massage.responsibility_charter.encode()).hexdigest()
        for matricule in ("900003", "900002", "900001"):
            db.session.add(
                CharterSignature(
                    person_id=people[matricule].id,
                    activity_id=massage.id,
                    version=massage.charter_version,
                    text_sha256=digest,
                    shown_at=now - timedelta(days=20),
                    signed_at=now - timedelta(days=20),
                    ip="10.0.0.12",
                    user_agent="Poste de soins",
                )
            )


def _slot(activity, series, day: date, start: time, minutes: int, capacity: int, staff, now) -> None:
    starts_at = paris_to_utc(datetime.combine(day, start))
    status = "frozen" if activity.status == "suspended" and starts_at > now else "open"
    slot = Slot(
        ward_id=activity.ward_id,
        activity_id=activity.id,
        series_id=series.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        place=activity.place,
        capacity=capacity,
        status=status,
    )
    db.session.add(slot)
    db.session.flush()
    # Past slots are full and attended; the next massage minutes are full with people waiting.
    index = (day.toordinal() + start.hour) % len(staff)
    next_massage = activity.name == "Massage minute" and now < starts_at <= now + timedelta(days=3)
    wanted = capacity if starts_at < now or activity.name == "Massage minute" else capacity // 2
    if next_massage:
        wanted = capacity - 1  # the next massage minute keeps one place for the demo
    chosen = [staff[(index + n) % len(staff)] for n in range(min(wanted, capacity))]
    for person in chosen:
        db.session.add(
            SignUp(
                slot_id=slot.id,
                person_id=person.id,
                status="confirmed",
                created_at=starts_at - timedelta(days=2),
                attended=True if starts_at < now else None,
            )
        )
    slot.taken = len(chosen)
    if activity.name == "Massage minute" and starts_at > now and not next_massage:
        waiting = [staff[(index + capacity + n) % len(staff)] for n in range(2)]
        for rank, person in enumerate(waiting):
            db.session.add(
                SignUp(
                    slot_id=slot.id,
                    person_id=person.id,
                    status="waiting",
                    waiting_since=now - timedelta(hours=10 - rank),
                    waiting_seq=rank + 1,
                    created_at=now - timedelta(hours=10 - rank),
                )
            )
        slot.waiting = slot.waiting_seq = len(waiting)
    if starts_at < now and chosen:
        db.session.add(
            SlotFeedback(
                slot_id=slot.id,
                activity_id=activity.id,
                person_id=chosen[0].id,
                rating=5 if index % 2 else 4,
                comment="Un vrai moment de pause, merci !" if index % 3 == 0 else "",
            )
        )
