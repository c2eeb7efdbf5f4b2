"""The weekly digest (optional, per person): next week's slots with places left, new
activities, ideas adopted, in one short mail on the ward's chosen day (Friday unless the ward
chose otherwise), from 07:00 Paris. Made by `flask send-mail`, once a week: the outbox row
carries a unique key (person, ward, week). Nothing to say, no mail."""

from datetime import datetime, time, timedelta

from flask import render_template
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.links import link_to
from app.core.timefmt import hour, paris_to_utc, to_paris, utcnow, week_of, when
from app.extensions import db
from app.models import (
    Activity,
    MailOutbox,
    Membership,
    NotificationSetting,
    Person,
    PostIt,
    Slot,
    Ward,
    WardNotificationSetting,
)
from app.notifications.mail import absolute, release_time, unsubscribe_url

DIGEST_FROM = time(7, 0)
DEFAULT_WEEKDAY = 5  # Friday
MAX_SLOTS = 8


def weekdays() -> dict[int, int]:
    chosen = select(WardNotificationSetting.ward_id, WardNotificationSetting.digest_weekday)
    return dict(db.session.execute(chosen).tuples().all())


def content(ward: Ward, now: datetime) -> dict | None:
    """What the digest of this ward says this week; None when there is nothing new."""
    today = to_paris(now).date()
    monday = today + timedelta(days=7 - today.weekday())
    start, end = (
        paris_to_utc(datetime.combine(monday, time())),
        paris_to_utc(datetime.combine(monday + timedelta(days=7), time())),
    )
    slots = db.session.scalars(
        select(Slot)
        .join(Activity, Activity.id == Slot.activity_id)
        .where(
            Slot.ward_id == ward.id,
            Slot.status == "open",
            Activity.status == "active",
            Slot.starts_at >= start,
            Slot.starts_at < end,
            Slot.taken < Slot.capacity,
        )
        .order_by(Slot.starts_at)
        .limit(MAX_SLOTS)
    ).all()
    week_ago = now - timedelta(days=7)
    activities = db.session.scalars(
        select(Activity)
        .where(
            Activity.ward_id == ward.id, Activity.status == "active", Activity.status_changed_at >= week_ago
        )
        .order_by(Activity.name)
    ).all()
    ideas = db.session.scalars(
        select(PostIt)
        .where(PostIt.ward_id == ward.id, PostIt.status == "adopted", PostIt.status_at >= week_ago)
        .order_by(PostIt.status_at)
    ).all()
    if not (slots or activities or ideas):
        return None
    return {
        "ward": ward,
        "week": week_of(monday),
        "slots": [
            (f"{when(s.starts_at)} – {hour(s.ends_at)}", s.activity.name, s.places_left) for s in slots
        ],
        "activities": [
            (a.name, absolute(link_to("activities.detail", ward_slug=ward.slug, activity_id=a.id)))
            for a in activities
        ],
        "ideas": [" ".join(p.text.split())[:120] for p in ideas],
        "planner": absolute(link_to("planner.week", ward_slug=ward.slug, semaine=week_of(monday))),
    }


def generate(now: datetime | None = None) -> int:
    """Queue the digests due now; returns how many this run queued."""
    now = now or utcnow()
    local = to_paris(now)
    if local.time() < DIGEST_FROM:
        return 0
    chosen = weekdays()
    rows = db.session.execute(
        select(NotificationSetting, Membership.ward_id)
        .join(Membership, Membership.person_id == NotificationSetting.person_id)
        .join(Person, Person.id == NotificationSetting.person_id)
        .where(
            NotificationSetting.weekly_digest.is_(True),
            NotificationSetting.email.is_not(None),
            Membership.status == "active",
            Person.status == "active",
        )
    ).all()
    due = [(s, w) for s, w in rows if chosen.get(w, DEFAULT_WEEKDAY) == local.isoweekday()]
    week = week_of(local.date())
    done = set(
        db.session.scalars(
            select(MailOutbox.once_key).where(
                MailOutbox.once_key.in_([f"digest:{s.person_id}:{w}:{week}" for s, w in due] or [""])
            )
        )
    )
    contents: dict[int, dict | None] = {}
    items = []
    for setting, ward_id in due:
        key = f"digest:{setting.person_id}:{ward_id}:{week}"
        if key in done:
            continue
        if ward_id not in contents:
            contents[ward_id] = content(db.session.get(Ward, ward_id), now)
        if contents[ward_id] is not None:
            items.append((setting, ward_id, key))
    queued = 0
    for setting, ward_id, key in items:
        person = db.session.get(Person, setting.person_id)
        context = {
            **contents[ward_id],
            "person": person,
            "preferences": absolute("/moi#moi-notifications"),
            "unsubscribe": unsubscribe_url(person.id, "digest"),
        }
        row = MailOutbox(
            person_id=person.id,
            category="digest",
            urgent=False,
            to_address=setting.email,
            subject=f"Anime ton CHU\u00a0: la semaine prochaine en {contents[ward_id]['ward'].name}"[:200],
            body_text=render_template("notifications/mail/digest.txt", **context),
            body_html=render_template("notifications/mail/digest.html", **context),
            not_before=release_time(setting, now),
            created_at=now,
            once_key=key,
        )
        try:
            db.session.add(row)
            db.session.commit()
        except IntegrityError:  # another run queued it
            db.session.rollback()
            continue
        queued += 1
    db.session.commit()
    return queued
