"""The weekly digest: on the ward's day, once a week, only for who asked, only with news."""

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from app.core.timefmt import PARIS, paris_to_utc, utcnow
from app.extensions import db
from app.models import Activity, MailOutbox, NotificationSetting, PostIt, Slot, WardNotificationSetting
from app.notifications import digest, mail, services
from tests.mail_helpers import MAIL_FIXTURES, wants_mail

mail_config, smtp_server, hanging_smtp = MAIL_FIXTURES


def _at(day, at: time) -> datetime:
    return paris_to_utc(datetime.combine(day, at))


def _scene(make, today):
    ward = make.ward("hematologie", "Hématologie")
    db.session.add(WardNotificationSetting(ward_id=ward.id, digest_weekday=today.isoweekday()))
    julie = make.person(ward=ward, first_name="Julie")
    setting = wants_mail(julie)
    setting.weekly_digest = True
    recently, long_ago = utcnow() - timedelta(days=2), utcnow() - timedelta(days=40)
    yoga = Activity(ward_id=ward.id, name="Yoga sur chaise", status="active", status_changed_at=recently)
    old = Activity(ward_id=ward.id, name="Massage minute", status="active", status_changed_at=long_ago)
    db.session.add_all([yoga, old])
    db.session.flush()
    monday = today + timedelta(days=7 - today.weekday())
    start = _at(monday + timedelta(days=1), time(14, 0))
    later = start + timedelta(hours=2)
    twenty = timedelta(minutes=20)
    db.session.add_all(
        [
            Slot(
                ward_id=ward.id,
                activity_id=old.id,
                starts_at=start,
                ends_at=start + twenty,
                capacity=4,
                taken=1,
            ),
            # Full: not listed.
            Slot(
                ward_id=ward.id,
                activity_id=old.id,
                starts_at=later,
                ends_at=later + twenty,
                capacity=2,
                taken=2,
            ),
            PostIt(
                ward_id=ward.id,
                author_id=julie.id,
                kind="idea",
                text="Une fontaine à eau en salle de pause",
                status="adopted",
                status_at=utcnow() - timedelta(days=1),
            ),
        ]
    )
    db.session.commit()
    return {"ward": ward, "julie": julie}


def _today():
    return datetime.now(PARIS).date()


@pytest.mark.usefixtures("app")
def test_the_digest_is_queued_once_on_the_wards_day_with_the_news(make, mail_config):
    mail_config["MAIL_SERVER"] = "127.0.0.1"
    today = _today()
    _scene(make, today)
    assert digest.generate(now=_at(today, time(6, 59))) == 0  # not before 07:00
    assert digest.generate(now=_at(today, time(8, 0))) == 1
    assert digest.generate(now=_at(today, time(9, 0))) == 0  # once a week
    row = db.session.scalar(select(MailOutbox))
    assert row.subject == "Anime ton CHU\u00a0: la semaine prochaine en Hématologie"
    assert "Massage minute (3 places)" in row.body_text
    assert row.body_text.count("Massage minute (") == 1  # the full slot is left out
    assert "Yoga sur chaise" in row.body_text
    assert "«\u00a0Une fontaine à eau en salle de pause\u00a0»" in row.body_text
    assert "<h2>Idées adoptées</h2>" in row.body_html
    message = mail.build_message(row)
    assert "/notifications/desabonnement/" in message["List-Unsubscribe"]


@pytest.mark.usefixtures("app")
def test_no_digest_on_another_day_without_the_choice_or_without_news(make, mail_config):
    mail_config["MAIL_SERVER"] = "127.0.0.1"
    today = _today()
    scene = _scene(make, today)
    assert digest.generate(now=_at(today + timedelta(days=1), time(8, 0))) == 0
    quiet_ward = make.ward("oncologie")
    db.session.add(WardNotificationSetting(ward_id=quiet_ward.id, digest_weekday=today.isoweekday()))
    karim = make.person(ward=quiet_ward)
    wants_mail(karim, email="karim@chu.test").weekly_digest = True
    db.session.commit()
    setting = db.session.get(NotificationSetting, scene["julie"].id)
    setting.weekly_digest = False
    db.session.commit()
    assert digest.generate(now=_at(today, time(8, 0))) == 0  # Julie said no; Oncologie has no news
    assert db.session.scalar(select(func.count(MailOutbox.id))) == 0


@pytest.mark.usefixtures("mail_config")
def test_the_digest_unsubscribe_link_turns_it_off(app, make, client):
    julie = make.person()
    wants_mail(julie).weekly_digest = True
    db.session.commit()
    with app.test_request_context():
        token = mail.unsubscribe_token(julie.id, "digest")
    page = client.get(f"/notifications/desabonnement/{token}").get_data(as_text=True)
    assert "Le résumé de la semaine" in page
    assert client.post(f"/notifications/desabonnement/{token}", csrf=False).status_code == 200
    db.session.expire_all()
    setting = db.session.get(NotificationSetting, julie.id)
    assert setting.weekly_digest is False
    assert services.channel_for(setting, "creneaux") == "mail"  # the rest is unchanged


@pytest.mark.usefixtures("app")
def test_the_digest_reaches_the_mailbox(make, smtp_server):
    today = _today()
    _scene(make, today)
    assert digest.generate(now=_at(today, time(8, 0))) == 1
    assert mail.send_due(now=_at(today, time(8, 1))).sent == 1
    [message] = smtp_server.messages
    assert message["To"] == "julie.martin@chu.test"
    assert "Yoga sur chaise" in message.get_body(preferencelist=("plain",)).get_content()
