"""A real SMTP server for the tests (aiosmtpd), one that hangs, and a scene with a waiting list.

A test module takes the fixtures with `mail_config, smtp_server, hanging_smtp = MAIL_FIXTURES`."""

import socket
from datetime import datetime, time, timedelta
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

from app.core.timefmt import PARIS, paris_to_utc, utcnow
from app.extensions import db
from app.models import Activity, NotificationSetting, SignUp, Slot

MAIL_KEYS = ("MAIL_SERVER", "MAIL_PORT", "MAIL_TIMEOUT", "MAIL_STARTTLS", "MAIL_USERNAME", "PUBLIC_URL")


class Inbox:
    """aiosmtpd handler: keeps what it accepts; can answer 4xx/5xx a given number of times."""

    def __init__(self):
        self.messages = []
        self.refuse_next = 0
        self.refusal = "451 4.3.0 Serveur occupé, réessayez plus tard"
        self.rejected_addresses = set()

    async def handle_RCPT(self, _server, _session, envelope, address, _rcpt_options):  # noqa: N802 (aiosmtpd)
        if address in self.rejected_addresses:
            return "550 5.1.1 Adresse inconnue"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 (aiosmtpd)
        if self.refuse_next:
            self.refuse_next -= 1
            return self.refusal
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _mail_config(app):
    saved = {key: app.config[key] for key in MAIL_KEYS}
    app.config.update(PUBLIC_URL="https://anime-ton-chu.chu.test")
    yield app.config
    app.config.update(saved)


def _smtp_server(mail_config):
    """A real SMTP server on a free local port; the app's MAIL_* point at it."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    mail_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=5)
    yield inbox
    controller.stop()


def _hanging_smtp(mail_config):
    """A server that takes the connection and never says a word (the kernel accepts it)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    mail_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=listener.getsockname()[1], MAIL_TIMEOUT=0.3)
    yield listener
    listener.close()


MAIL_FIXTURES = (
    pytest.fixture(_mail_config, name="mail_config"),
    pytest.fixture(_smtp_server, name="smtp_server"),
    pytest.fixture(_hanging_smtp, name="hanging_smtp"),
)


def wants_mail(person, email="julie.martin@chu.test", **fields):
    setting = NotificationSetting(
        person_id=person.id,
        channels='{"creneaux": "mail"}',
        email=email,
        email_confirmed_at=utcnow(),
        quiet_urgent=False,
        weekly_digest=False,
        **fields,
    )
    db.session.add(setting)
    db.session.commit()
    return setting


def waiting_list_scene(make, days_ahead: int = 2, hour: int = 14):
    """Thomas has the only place of a massage slot, Julie waits for it."""
    ward = make.ward("hematologie", "Hématologie – Soins intensifs")
    thomas = make.person(ward=ward, first_name="Thomas")
    julie = make.person(ward=ward, first_name="Julie")
    massage = Activity(ward_id=ward.id, name="Massage minute", status="active", place="Salle de pause")
    db.session.add(massage)
    db.session.flush()
    day = datetime.now(PARIS).date() + timedelta(days=days_ahead)
    starts = paris_to_utc(datetime.combine(day, time(hour, 0)))
    slot = Slot(
        ward_id=ward.id,
        activity_id=massage.id,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=20),
        capacity=1,
        taken=1,
        waiting=1,
    )
    db.session.add(slot)
    db.session.flush()
    db.session.add_all(
        [
            SignUp(slot_id=slot.id, person_id=thomas.id, status="confirmed"),
            SignUp(slot_id=slot.id, person_id=julie.id, status="waiting", waiting_since=utcnow()),
        ]
    )
    db.session.commit()
    return {"ward": ward, "thomas": thomas, "julie": julie, "slot": slot, "activity": massage}
