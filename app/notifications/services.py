"""Notifications: tell a person (and queue the mail she asked for), count, list, mark read, purge.

Services flush, never commit, never read the request. `notify()` is the one entry point every
feature calls (re-exported by `app.records.services` for the older imports)."""

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, delete, func, or_, select, update

from app.core.timefmt import day_full, to_paris, utcnow
from app.extensions import db
from app.models import MailOutbox, Notification, NotificationSetting, Person, Ward

# Categories a person chooses a channel for: key → (label on /moi, kind prefixes).
CATEGORIES = {
    "creneaux": ("Mes créneaux : place libérée, créneau déplacé ou annulé, rappels", ("slot.",)),
    "activites": ("Les activités : décisions, arrêts d'urgence, nouvelles activités", ("activity.",)),
    "publications": ("Mes publications et leur validation", ("publication.",)),
    "discussions": ("Les discussions et messages", ("comment.", "contact.")),
    "postits": ("Mes post-it", ("postit.",)),
    "agenda": ("L'agenda : événements et sondages", ("event.", "poll.")),
    "compte": ("Mon accès : demandes, invitations, rôles", ("join.", "invitation.", "role.")),
}
OTHER = "autres"
DIGEST, DIGEST_LABEL = "digest", "Le résumé de la semaine"
CHANNELS = {"none": "Rien", "app": "Dans l'application", "mail": "Application et e-mail"}
DEFAULT_CHANNEL = "app"
# What may reach a person during her quiet hours when she allows urgent mail through.
URGENT_KINDS = {"slot.cancelled", "slot.moved", "slot.promoted", "slot.reminder", "activity.stopped"}
PAGE_SIZE = 30


def category_of(kind: str) -> str:
    for key, (_label, prefixes) in CATEGORIES.items():
        if kind.startswith(prefixes):
            return key
    return OTHER


def setting_of(person_id: int) -> NotificationSetting | None:
    return db.session.get(NotificationSetting, person_id)


def channels_of(setting: NotificationSetting | None) -> dict[str, str]:
    chosen = {}
    if setting is not None and setting.channels:
        try:
            chosen = json.loads(setting.channels)
        except ValueError:
            chosen = {}
    return {key: chosen.get(key, DEFAULT_CHANNEL) for key in (*CATEGORIES, OTHER)}


def channel_for(setting: NotificationSetting | None, category: str) -> str:
    channel = channels_of(setting).get(category, DEFAULT_CHANNEL)
    return channel if channel in CHANNELS else DEFAULT_CHANNEL


def setting_for_update(person_id: int) -> NotificationSetting:
    """The person's settings row, created on first change."""
    setting = setting_of(person_id)
    if setting is None:
        setting = NotificationSetting(
            person_id=person_id, channels="", quiet_urgent=False, weekly_digest=False
        )
        db.session.add(setting)
    return setting


def save_channels(person: Person | int, chosen: dict[str, str]) -> NotificationSetting:
    """Keep the known categories and channels only (unknown ones are ignored)."""
    person_id = person if isinstance(person, int) else person.id
    setting = setting_for_update(person_id)
    current = channels_of(setting)
    for key, channel in chosen.items():
        if key in current and channel in CHANNELS:
            current[key] = channel
    setting.channels = json.dumps(current, sort_keys=True)
    setting.updated_at = utcnow()
    db.session.flush()
    return setting


def unsubscribe(person_id: int, category: str) -> str:
    """One-click unsubscribe from a mail: that category goes back to in-app only.
    Returns the category's label; a person or category that no longer exists changes nothing."""
    if db.session.get(Person, person_id) is None:
        return ""
    if category == DIGEST:
        setting = setting_of(person_id)
        if setting is not None and setting.weekly_digest:
            setting.weekly_digest = False
            setting.updated_at = utcnow()
            db.session.flush()
        return DIGEST_LABEL
    key = category if category in (*CATEGORIES, OTHER) else OTHER
    if channel_for(setting_of(person_id), key) == "mail":
        save_channels(person_id, {key: "app"})
    return CATEGORIES.get(key, ("Autres notifications",))[0]


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def notify(
    person: Person | int, kind: str, text: str, *, link: str = "", ward: Ward | None = None
) -> Notification:
    """Tell one person something that concerns them (under the bell), and queue the e-mail in
    the same transaction when she chose e-mail for this kind. A person who chose "Rien" for
    the kind keeps it in her history, already read (nothing counted, nothing sent)."""
    person_id = person if isinstance(person, int) else person.id
    setting = setting_of(person_id)
    category = category_of(kind)
    channel = channel_for(setting, category)
    note = Notification(
        person_id=person_id,
        ward_id=ward.id if ward else None,
        kind=kind,
        text=text[:500],
        link=link[:300],
        created_at=utcnow(),
        read_at=utcnow() if channel == "none" else None,
    )
    db.session.add(note)
    if channel == "mail" and setting is not None and setting.email and mail_enabled():
        # Import cycle: app.notifications.mail imports this module (CATEGORIES, URGENT_KINDS).
        from app.notifications.mail import queue_mail  # noqa: PLC0415

        db.session.flush()  # the outbox row points at the notification
        queue_mail(note, setting, category, ward=ward)
    return note


def unread_count(person_id: int) -> int:
    """The bell: one query on the (person_id, read_at) index."""
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.person_id == person_id, Notification.read_at.is_(None)
        )
    )


@dataclass
class Day:
    label: str
    items: list


def day_label(value: datetime, today: date | None = None) -> str:
    today = today or to_paris(utcnow()).date()
    local = to_paris(value).date()
    if local == today:
        return "Aujourd'hui"
    if local == today - timedelta(days=1):
        return "Hier"
    return day_full(local).capitalize()


def history(
    person: Person, *, before: int | None = None, size: int = PAGE_SIZE
) -> tuple[list[Day], int | None]:
    """One page of my notifications, newest first, grouped by day; and the id to continue
    from (None when this is the last page)."""
    query = select(Notification).where(Notification.person_id == person.id)
    if before:
        cursor = mine(person, before)
        if cursor is None:
            return [], None
        query = query.where(
            or_(
                Notification.created_at < cursor.created_at,
                and_(Notification.created_at == cursor.created_at, Notification.id < cursor.id),
            )
        )
    order = (Notification.created_at.desc(), Notification.id.desc())
    rows = db.session.scalars(query.order_by(*order).limit(size + 1)).all()
    more = rows[size - 1].id if len(rows) > size else None
    days: list[Day] = []
    for note in rows[:size]:
        label = day_label(note.created_at)
        if not days or days[-1].label != label:
            days.append(Day(label, []))
        days[-1].items.append(note)
    return days, more


def mine(person: Person, notification_id: int) -> Notification | None:
    """My notification, or None (someone else's is as unknown as a missing one)."""
    return db.session.scalar(
        select(Notification).where(Notification.id == notification_id, Notification.person_id == person.id)
    )


def mark_read(note: Notification, *, by: Person) -> bool:
    """Mark one of mine as read; a second time changes nothing (and is not an error)."""
    return (
        db.session.execute(
            update(Notification)
            .where(
                Notification.id == note.id,
                Notification.person_id == by.id,
                Notification.read_at.is_(None),
            )
            .values(read_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )


def mark_all_read(*, by: Person) -> int:
    return db.session.execute(
        update(Notification)
        .where(Notification.person_id == by.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount


def purge(days: int, now: datetime | None = None) -> tuple[int, int]:
    """Nightly: delete read notifications and finished mails older than `days`.
    Unread ones are kept, whatever their age. Returns (notifications, mails) deleted."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    notes = db.session.execute(
        delete(Notification)
        .where(Notification.read_at.is_not(None), Notification.read_at < cutoff)
        .execution_options(synchronize_session=False)
    ).rowcount
    mails = db.session.execute(
        delete(MailOutbox)
        .where(MailOutbox.status.in_(("sent", "failed")), MailOutbox.created_at < cutoff)
        .execution_options(synchronize_session=False)
    ).rowcount
    return notes, mails
