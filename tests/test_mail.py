"""The mail outbox against a real SMTP server (aiosmtpd): once only, retried, never from a page."""

import select as select_module
import time
from datetime import datetime, timedelta

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from app.core.timefmt import PARIS, paris_to_utc, to_paris, utcnow
from app.extensions import db
from app.models import MailOutbox, NotificationSetting
from app.notifications import mail, services
from tests.mail_helpers import MAIL_FIXTURES, waiting_list_scene, wants_mail

mail_config, smtp_server, hanging_smtp = MAIL_FIXTURES


def _outbox() -> list[MailOutbox]:
    db.session.expire_all()
    return list(db.session.scalars(select(MailOutbox).order_by(MailOutbox.id)))


def _thomas_cancels(scene, login_as):
    slot = scene["slot"]
    response = login_as(scene["thomas"]).post(
        f"/s/hematologie/planning/creneaux/{slot.id}/desinscription", htmx=True
    )
    assert response.status_code == 200
    return response


def test_the_promotion_reaches_her_mailbox_once_when_the_command_runs_twice(app, make, login_as, smtp_server):
    scene = waiting_list_scene(make)
    wants_mail(scene["julie"])
    _thomas_cancels(scene, login_as)
    assert [row.status for row in _outbox()] == ["pending"]
    assert smtp_server.messages == []  # the page wrote to the outbox, nothing was sent

    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-mail"])
    second = runner.invoke(args=["send-mail"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "1 e-mail(s) envoyé(s)" in first.output
    assert "0 e-mail(s) envoyé(s)" in second.output
    assert len(smtp_server.messages) == 1

    message = smtp_server.messages[0]
    assert message["To"] == "julie.martin@chu.test"
    assert message["Subject"].startswith("Anime ton CHU\u00a0: Une place s'est libérée")
    assert message["List-Unsubscribe"].startswith(
        "<https://anime-ton-chu.chu.test/notifications/desabonnement/"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Bonjour Julie," in text
    assert "Massage minute" in text
    assert f"https://anime-ton-chu.chu.test/s/hematologie/planning/creneaux/{scene['slot'].id}" in text
    assert 'lang="fr"' in html and "Voir sur Anime ton CHU" in html
    row = _outbox()[0]
    assert (row.status, row.attempts, row.sent_at is not None) == ("sent", 1, True)


def test_a_server_that_refuses_then_accepts_gets_it_later(app, make, smtp_server):
    julie = make.person(first_name="Julie")
    wants_mail(julie)
    services.notify(julie, "slot.cancelled", "Créneau annulé : « Yoga », demain.", link="/")
    db.session.commit()
    smtp_server.refuse_next = 1

    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert "1 à réessayer" in result.output
    row = _outbox()[0]
    assert (row.status, row.attempts) == ("pending", 1)
    assert "451" in row.last_error
    assert row.not_before > utcnow()
    assert smtp_server.messages == []

    # Run again at once: not due yet. A few minutes later: delivered, once.
    assert mail.send_due().sent == 0
    report = mail.send_due(now=utcnow() + timedelta(minutes=3))
    assert report.sent == 1
    assert len(smtp_server.messages) == 1
    assert _outbox()[0].status == "sent"


@pytest.mark.usefixtures("app")
def test_back_off_grows_and_gives_up(make, smtp_server):
    julie = make.person()
    wants_mail(julie)
    services.notify(julie, "slot.moved", "Créneau déplacé.", link="/")
    db.session.commit()
    smtp_server.refuse_next = 100
    now = utcnow()
    delays = []
    for _ in range(mail.MAX_ATTEMPTS):
        now = _outbox()[0].not_before + timedelta(seconds=1)
        mail.send_due(now=now)
        row = _outbox()[0]
        if row.status == "pending":
            delays.append(row.not_before - now)
    assert delays == sorted(delays) and delays[1] > delays[0]
    assert _outbox()[0].status == "failed"
    assert smtp_server.messages == []


@pytest.mark.usefixtures("app")
def test_a_refused_address_fails_without_retrying(make, smtp_server):
    julie = make.person()
    wants_mail(julie, email="personne@chu.test")
    smtp_server.rejected_addresses.add("personne@chu.test")
    services.notify(julie, "slot.moved", "Créneau déplacé.", link="/")
    db.session.commit()
    report = mail.send_due()
    assert report.failed == 1
    assert _outbox()[0].status == "failed"


def test_a_hanging_server_ends_the_run_and_is_retried_later(app, make, hanging_smtp, smtp_server):
    julie = make.person()
    wants_mail(julie)
    for n in range(3):
        services.notify(julie, "slot.moved", f"Créneau déplacé n° {n}.", link="/")
    db.session.commit()
    hanging_port = hanging_smtp.getsockname()[1]
    good_port = app.config["MAIL_PORT"]
    app.config.update(MAIL_PORT=hanging_port, MAIL_TIMEOUT=0.3)

    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "injoignable" in result.output
    rows = _outbox()
    # The first one timed out and waits for a retry; the others were not even tried.
    assert [(r.status, r.attempts) for r in rows] == [("pending", 1), ("pending", 0), ("pending", 0)]
    assert "timed out" in rows[0].last_error.lower()

    app.config.update(MAIL_PORT=good_port, MAIL_TIMEOUT=5)
    assert mail.send_due(now=utcnow() + timedelta(minutes=2)).sent == 3
    assert len(smtp_server.messages) == 3


@pytest.mark.usefixtures("app")
def test_the_page_that_notifies_never_talks_to_smtp(make, login_as, hanging_smtp):
    scene = waiting_list_scene(make)
    wants_mail(scene["julie"])
    _thomas_cancels(scene, login_as)
    rows = _outbox()
    assert [(r.status, r.attempts) for r in rows] == [("pending", 0)]
    readable, _, _ = select_module.select([hanging_smtp], [], [], 0)
    assert readable == []  # nobody ever connected to the SMTP server


@pytest.mark.usefixtures("app")
def test_two_machines_never_claim_the_same_mail(make, smtp_server):
    julie = make.person()
    wants_mail(julie)
    services.notify(julie, "slot.moved", "Créneau déplacé.", link="/")
    db.session.commit()
    row_id = _outbox()[0].id
    now = utcnow()
    assert mail.claim(row_id, "machine-a", now) is True
    assert mail.claim(row_id, "machine-b", now) is False
    assert mail.send_due(now=now, worker="machine-b").sent == 0
    # Machine A died holding it: once the claim expires, B takes it over and sends it.
    later = now + timedelta(minutes=mail.CLAIM_MINUTES + 1)
    assert mail.send_due(now=later, worker="machine-b").sent == 1
    assert len(smtp_server.messages) == 1


@pytest.mark.usefixtures("mail_config")
def test_no_outbox_when_mail_is_off_or_not_chosen(app, make):
    app.config["MAIL_SERVER"] = ""
    julie, marc = make.person(), make.person()
    wants_mail(julie)
    services.notify(julie, "slot.moved", "Créneau déplacé.")
    db.session.commit()
    assert _outbox() == []
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert "désactivé" in result.output
    app.config["MAIL_SERVER"] = "127.0.0.1"
    services.notify(marc, "slot.moved", "Créneau déplacé.")  # no address, no choice
    services.notify(julie, "publication.published", "Publiée.")  # in-app only for this kind
    db.session.commit()
    assert _outbox() == []


def wall(*fields: int) -> datetime:
    """A naive Europe/Paris wall-clock time, as `paris_to_utc` takes it."""
    return datetime(*fields, tzinfo=PARIS).replace(tzinfo=None)


def _quiet(start: int, end: int, urgent: bool = False) -> NotificationSetting:
    return NotificationSetting(quiet_from=start, quiet_to=end, quiet_urgent=urgent)


def test_quiet_hours_hold_mail_until_they_end():
    night = _quiet(22 * 60, 7 * 60)
    late = paris_to_utc(wall(2026, 12, 3, 23, 30))
    assert mail.release_time(night, late) == paris_to_utc(wall(2026, 12, 4, 7, 0))
    early = paris_to_utc(wall(2026, 12, 4, 6, 0))
    assert mail.release_time(night, early) == paris_to_utc(wall(2026, 12, 4, 7, 0))
    noon = paris_to_utc(wall(2026, 12, 4, 12, 0))
    assert mail.release_time(night, noon) == noon
    day_sleeper = _quiet(9 * 60, 17 * 60)
    assert mail.release_time(day_sleeper, noon) == paris_to_utc(wall(2026, 12, 4, 17, 0))
    # Urgent mail passes only when she asked for it.
    assert mail.release_time(day_sleeper, noon, urgent=True) != noon
    assert mail.release_time(_quiet(9 * 60, 17 * 60, urgent=True), noon, urgent=True) == noon


@pytest.mark.usefixtures("mail_config")
def test_quiet_hours_apply_when_the_mail_is_queued(app, make):
    app.config["MAIL_SERVER"] = "127.0.0.1"
    julie = make.person()
    # Quiet from this minute until the minute before, tomorrow: now is inside them.
    local = to_paris(utcnow())
    minute = local.hour * 60 + local.minute
    wants_mail(julie, quiet_from=minute, quiet_to=(minute - 1) % 1440)
    services.notify(julie, "slot.moved", "Créneau déplacé.")
    db.session.commit()
    assert _outbox()[0].not_before > utcnow() + timedelta(hours=20)


@pytest.mark.usefixtures("mail_config")
def test_one_click_unsubscribe(app, make, client):
    julie = make.person()
    wants_mail(julie)
    with app.test_request_context():
        token = mail.unsubscribe_token(julie.id, "creneaux")
    page = client.get(f"/notifications/desabonnement/{token}")
    assert page.status_code == 200
    assert "Ne plus recevoir ces e-mails" in page.get_data(as_text=True)
    assert services.channel_for(db.session.get(NotificationSetting, julie.id), "creneaux") == "mail"
    # What a mail program does (RFC 8058): a POST without session nor CSRF token.
    done = client.post(f"/notifications/desabonnement/{token}", {"List-Unsubscribe": "One-Click"}, csrf=False)
    assert done.status_code == 200
    assert "C'est fait" in done.get_data(as_text=True)
    db.session.expire_all()
    assert services.channel_for(db.session.get(NotificationSetting, julie.id), "creneaux") == "app"
    # Twice is fine.
    assert client.post(f"/notifications/desabonnement/{token}", csrf=False).status_code == 200


@pytest.mark.usefixtures("mail_config")
def test_a_wrong_or_expired_unsubscribe_token_changes_nothing(app, make, client):
    julie = make.person()
    wants_mail(julie)

    class LongAgo(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - mail.UNSUBSCRIBE_MAX_AGE - 60

    expired = URLSafeTimedSerializer(
        app.config["SECRET_KEY"], salt=mail.UNSUBSCRIBE_SALT, signer=LongAgo
    ).dumps({"p": julie.id, "c": "creneaux"})
    forged = URLSafeTimedSerializer("une autre clé", salt=mail.UNSUBSCRIBE_SALT).dumps(
        {"p": julie.id, "c": "creneaux"}
    )
    for token in (expired, forged, "nimporte-quoi", "a" * 400):
        for method in ("get", "post"):
            kwargs = {"csrf": False} if method == "post" else {}
            response = getattr(client, method)(f"/notifications/desabonnement/{token}", **kwargs)
            assert response.status_code == 400
            assert "pas valable ou a expiré" in response.get_data(as_text=True)
    db.session.expire_all()
    assert services.channel_for(db.session.get(NotificationSetting, julie.id), "creneaux") == "mail"
