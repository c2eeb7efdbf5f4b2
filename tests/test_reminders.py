"""Reminders before a slot I am confirmed on: the day before at 18:00 and one hour before, once."""

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from app.core.timefmt import PARIS, paris_to_utc, utcnow
from app.extensions import db
from app.models import Activity, MailOutbox, Notification, SignUp, Slot, SlotReminder, WardNotificationSetting
from app.notifications import mail, reminders
from tests.conftest import _clean_database
from tests.mail_helpers import MAIL_FIXTURES, wants_mail

mail_config, smtp_server, hanging_smtp = MAIL_FIXTURES


def _scene(
    make, starts_at: datetime, *, status="confirmed", slot_status="open", signed=None, slug="hematologie"
):
    ward = make.ward(slug)
    julie = make.person(ward=ward, first_name="Julie")
    activity = Activity(ward_id=ward.id, name="Sophrologie", status="active", place="Salle 12")
    db.session.add(activity)
    db.session.flush()
    slot = Slot(
        ward_id=ward.id,
        activity_id=activity.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=20),
        capacity=5,
        taken=1,
        status=slot_status,
    )
    db.session.add(slot)
    db.session.flush()
    sign_up = SignUp(
        slot_id=slot.id,
        person_id=julie.id,
        status=status,
        created_at=signed or (starts_at - timedelta(days=3)),
    )
    db.session.add(sign_up)
    db.session.commit()
    return {"julie": julie, "slot": slot, "sign_up": sign_up, "activity": activity}


def _paris(day_offset: int, at: time) -> datetime:
    return paris_to_utc(datetime.combine(datetime.now(PARIS).date() + timedelta(days=day_offset), at))


def _reminders() -> list[tuple[str, str]]:
    db.session.expire_all()
    return [
        (n.kind, n.text)
        for n in db.session.scalars(select(Notification).where(Notification.kind == "slot.reminder"))
    ]


def test_the_day_before_at_18_then_one_hour_before(make):
    scene = _scene(make, _paris(2, time(14, 0)))
    assert reminders.generate(now=_paris(1, time(17, 59))) == 0
    assert reminders.generate(now=_paris(1, time(18, 0))) == 1
    [(_kind, text)] = _reminders()
    assert text.startswith("Rappel\u00a0: demain, «\u00a0Sophrologie\u00a0»")
    assert "14\u00a0h\u00a000" in text and "Salle 12" in text
    assert reminders.generate(now=_paris(1, time(22, 0))) == 0
    assert reminders.generate(now=_paris(2, time(13, 0))) == 1
    assert "commence dans une heure" in _reminders()[-1][1]
    assert reminders.generate(now=_paris(2, time(13, 30))) == 0
    note = db.session.scalars(select(Notification)).first()
    assert note.link == f"/s/hematologie/planning/creneaux/{scene['slot'].id}"


def test_given_exactly_once_when_send_mail_runs_twice(app, make, smtp_server):
    scene = _scene(make, utcnow() + timedelta(hours=3))  # the day-before reminder is due now
    wants_mail(scene["julie"])
    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-mail"])
    second = runner.invoke(args=["send-mail"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "1 rappel(s) de créneau donné(s)." in first.output
    assert "rappel" not in second.output
    assert len(_reminders()) == 1
    assert db.session.scalar(select(func.count(SlotReminder.id))) == 1
    assert len(smtp_server.messages) == 1
    assert "Rappel" in smtp_server.messages[0]["Subject"]


def test_a_second_machine_with_the_same_list_gives_nothing_twice(make):
    scene = _scene(make, _paris(2, time(14, 0)))
    now = _paris(1, time(18, 30))
    seen_by_a = reminders.due(now)
    seen_by_b = reminders.due(now)  # both machines read before either wrote
    db.session.commit()
    assert [reminders.give(item) for item in seen_by_a] == [True]
    assert [reminders.give(item) for item in seen_by_b] == [False]
    assert len(_reminders()) == 1
    assert scene["sign_up"].id == db.session.scalar(select(SlotReminder.sign_up_id))


@pytest.mark.usefixtures("app")
def test_none_for_a_cancelled_or_frozen_slot_a_place_left_or_waited_for(make):
    starts = _paris(2, time(14, 0))
    now = _paris(1, time(19, 0))
    for fields in (
        {"slot_status": "cancelled"},
        {"slot_status": "frozen"},
        {"status": "cancelled"},
        {"status": "waiting"},
    ):
        _scene(make, starts, **fields)
        assert reminders.generate(now=now) == 0, fields
        assert reminders.generate(now=starts - timedelta(minutes=30)) == 0, fields
        db.session.remove()
        _clean_database()


def test_none_for_a_suspended_activity_or_a_past_slot(make):
    scene = _scene(make, _paris(2, time(14, 0)))
    scene["activity"].status = "suspended"
    db.session.commit()
    assert reminders.generate(now=_paris(1, time(19, 0))) == 0
    scene["activity"].status = "active"
    db.session.commit()
    assert reminders.generate(now=_paris(2, time(14, 5))) == 0  # it has started


def test_a_late_sign_up_gets_only_what_is_still_ahead(make):
    starts = _paris(2, time(14, 0))
    _scene(make, starts, signed=_paris(1, time(20, 0)))  # after 18:00 the day before
    assert reminders.generate(now=_paris(1, time(21, 0))) == 0
    assert reminders.generate(now=_paris(2, time(13, 10))) == 1
    assert "dans une heure" in _reminders()[0][1]


def test_reminder_mail_goes_only_to_who_asked(make, mail_config):
    mail_config["MAIL_SERVER"] = "127.0.0.1"
    scene = _scene(make, _paris(2, time(14, 0)))
    reminders.generate(now=_paris(1, time(18, 5)))
    assert db.session.scalar(select(func.count(MailOutbox.id))) == 0
    wants_mail(scene["julie"])
    reminders.generate(now=_paris(2, time(13, 5)))
    row = db.session.scalar(select(MailOutbox))
    assert row.urgent is True
    assert "dans une heure" in row.subject
    assert mail.build_message(row)["To"] == "julie.martin@chu.test"


def test_a_ward_chooses_its_reminder_times_or_turns_one_off(make):
    scene = _scene(make, _paris(2, time(14, 0)))
    ward_id = scene["slot"].ward_id
    db.session.add(
        WardNotificationSetting(ward_id=ward_id, eve_reminder_at=20 * 60, reminder_minutes_before=30)
    )
    db.session.commit()
    assert reminders.generate(now=_paris(1, time(18, 30))) == 0
    assert reminders.generate(now=_paris(1, time(20, 0))) == 1
    assert reminders.generate(now=_paris(2, time(13, 15))) == 0
    assert reminders.generate(now=_paris(2, time(13, 30))) == 1
    assert "commence dans 30\u00a0minutes" in _reminders()[-1][1]

    other = _scene(make, _paris(3, time(9, 0)), slug="oncologie")
    db.session.add(WardNotificationSetting(ward_id=other["slot"].ward_id, eve_reminder=False))
    db.session.commit()
    assert reminders.generate(now=_paris(2, time(19, 0))) == 0  # no day-before reminder there
    assert reminders.generate(now=_paris(3, time(8, 0))) == 1
