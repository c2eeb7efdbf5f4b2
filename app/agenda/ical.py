"""iCalendar (RFC 5545) feeds, built with the icalendar library: times in Europe/Paris with
their VTIMEZONE, stable UIDs, a SEQUENCE that moves on change, cancelled items marked."""

from datetime import UTC, datetime, timedelta

import icalendar
from flask import url_for

from app.core.timefmt import to_paris
from app.models import Event, SignUp, Slot

ALARM_BEFORE = timedelta(minutes=30)  # the VALARM of each slot I am confirmed on


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Anime ton CHU//Agenda du service//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    return calendar


def _local(value: datetime) -> datetime:
    """Aware Europe/Paris time (the one zoneinfo zone of app.core.timefmt) for DTSTART/DTEND."""
    return to_paris(value)


def _event_component(event: Event) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", event.uid)
    item.add("dtstamp", event.updated_at.replace(tzinfo=UTC))
    item.add("sequence", event.sequence)
    item.add("summary", event.title)
    if event.all_day:
        item.add("dtstart", to_paris(event.starts_at).date())
        item.add("dtend", to_paris(event.ends_at).date())
    else:
        item.add("dtstart", _local(event.starts_at))
        item.add("dtend", _local(event.ends_at))
    if event.place:
        item.add("location", event.place)
    if event.description:
        item.add("description", event.description)
    item.add("categories", [event.kind_label])
    item.add("url", url_for("agenda.event", ward_slug=event.ward.slug, event_id=event.id, _external=True))
    item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return item


def _slot_component(slot: Slot, *, sign_up: SignUp | None = None) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", f"creneau-{slot.id}{'-inscription' if sign_up else ''}@anime-ton-chu")
    item.add("dtstamp", slot.updated_at.replace(tzinfo=UTC))
    item.add(
        "summary",
        slot.activity.name + (" (liste d'attente)" if sign_up and sign_up.status == "waiting" else ""),
    )
    item.add("dtstart", _local(slot.starts_at))
    item.add("dtend", _local(slot.ends_at))
    if slot.place:
        item.add("location", slot.place)
    cancelled = slot.status != "open" or (sign_up is not None and sign_up.status == "cancelled")
    waiting = sign_up is not None and sign_up.status == "waiting"
    item.add("status", "CANCELLED" if cancelled else "TENTATIVE" if waiting else "CONFIRMED")
    item.add("categories", ["Activité bienveillante"])
    item.add("url", url_for("planner.week", ward_slug=slot.activity.ward.slug, _external=True))
    if sign_up is not None and not cancelled and not waiting:
        # A subscribed phone reminds me even if I never gave an e-mail address.
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{slot.activity.name} dans {ALARM_BEFORE.seconds // 60} minutes")
        alarm.add("trigger", -ALARM_BEFORE)
        item.add_component(alarm)
    return item


def ward_feed(ward, events, slots) -> bytes:
    calendar = _calendar(f"{ward.name} — agenda")
    for event in events:
        calendar.add_component(_event_component(event))
    for slot in slots:
        calendar.add_component(_slot_component(slot))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def sign_ups_feed(person, rows) -> bytes:
    calendar = _calendar(f"Mes inscriptions — {person.first_name}")
    for slot, sign in rows:
        calendar.add_component(_slot_component(slot, sign_up=sign))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def single_event(event: Event) -> bytes:
    calendar = _calendar(event.title)
    calendar.add_component(_event_component(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()


__all__ = ["sign_ups_feed", "single_event", "timedelta", "ward_feed"]
