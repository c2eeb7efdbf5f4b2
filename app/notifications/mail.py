"""E-mail through the hospital's SMTP server, never from a page.

`queue_mail()` writes the mail to the outbox in the transaction of its notification; the
`flask send-mail` command (cron, every minute) sends what is due:

- each row is claimed with one conditional UPDATE (status, claimed_by, claim_until), so two
  machines running the command never both send it; a claim left by a crashed run expires
  after `CLAIM_MINUTES` and the row is taken again (at-least-once in that rare case);
- every SMTP exchange has a timeout; a server that hangs or drops the connection ends the
  run (the rest waits for the next minute), a server that answers 4xx gets the row retried
  with exponential back-off, a 5xx refusal marks it failed;
- quiet hours: a mail is not due before the person's quiet hours end (urgent ones may pass
  when she allowed it), and a retry never lands inside them.
"""

import logging
import os
import secrets
import smtplib
import socket
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import and_, or_, select, update

from app.core.links import link_to
from app.core.timefmt import paris_to_utc, to_paris, utcnow
from app.extensions import db
from app.models import MailOutbox, Notification, NotificationSetting, Person, Ward
from app.notifications.services import CATEGORIES, URGENT_KINDS

log = logging.getLogger("atc.mail")

CLAIM_MINUTES = 5
MAX_ATTEMPTS = 8
MAX_DELAY = timedelta(hours=6)
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 400 * 24 * 3600  # a mail may be read months later


# --- links and tokens --------------------------------------------------------------------


def absolute(path: str) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + (path or "/")


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def unsubscribe_token(person_id: int, category: str) -> str:
    return _serializer(UNSUBSCRIBE_SALT).dumps({"p": person_id, "c": category})


def unsubscribe_url(person_id: int, category: str) -> str:
    return absolute(link_to("notifications.unsubscribe", token=unsubscribe_token(person_id, category)))


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(person id, category) of a valid unsubscribe token; None when wrong or expired."""
    try:
        data = _serializer(UNSUBSCRIBE_SALT).loads(token, max_age=UNSUBSCRIBE_MAX_AGE)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int) or not isinstance(data.get("c"), str):
        return None
    return data["p"], data["c"]


# --- quiet hours ---------------------------------------------------------------------------


def in_quiet_hours(setting: NotificationSetting | None, at: datetime) -> bool:
    if setting is None or setting.quiet_from is None or setting.quiet_to is None:
        return False
    if setting.quiet_from == setting.quiet_to:
        return False
    local = to_paris(at)
    minute = local.hour * 60 + local.minute
    start, end = setting.quiet_from, setting.quiet_to
    return start <= minute < end if start < end else (minute >= start or minute < end)


def release_time(setting: NotificationSetting | None, at: datetime, *, urgent: bool = False) -> datetime:
    """The first moment from `at` (naive UTC) when a mail may reach this person."""
    if not in_quiet_hours(setting, at) or (urgent and setting.quiet_urgent):
        return at
    local = to_paris(at).replace(tzinfo=None)
    end = local.replace(hour=setting.quiet_to // 60, minute=setting.quiet_to % 60, second=0, microsecond=0)
    if end <= local:
        end += timedelta(days=1)
    return paris_to_utc(end)


# --- writing to the outbox -----------------------------------------------------------------


def queue_mail(
    note: Notification, setting: NotificationSetting, category: str, *, ward: Ward | None = None
) -> MailOutbox:
    """The mail of one notification, in the outbox (flush only; nothing is sent here)."""
    person = db.session.get(Person, note.person_id)
    now = utcnow()
    urgent = note.kind in URGENT_KINDS
    context = {
        "person": person,
        "text": note.text,
        "link": absolute(note.link) if note.link.startswith("/") else absolute("/notifications"),
        "ward": ward,
        "category": CATEGORIES.get(category, ("Autres notifications",))[0],
        "preferences": absolute("/moi#moi-notifications"),
        "unsubscribe": absolute(
            link_to("notifications.unsubscribe", token=unsubscribe_token(note.person_id, category))
        ),
    }
    row = MailOutbox(
        person_id=note.person_id,
        notification_id=note.id,
        category=category,
        urgent=urgent,
        to_address=setting.email,
        subject=_subject(note.text),
        body_text=render_template("notifications/mail/notification.txt", **context),
        body_html=render_template("notifications/mail/notification.html", **context),
        not_before=release_time(setting, now, urgent=urgent),
        created_at=now,
    )
    db.session.add(row)
    return row


def _subject(text: str) -> str:
    first = " ".join(text.split())
    if len(first) > 90:
        first = first[:89].rstrip() + "…"
    return f"Anime ton CHU\u00a0: {first}"


# --- sending -------------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    stopped: str = ""  # why the run ended early (server unreachable or hanging)


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


def _due(now: datetime):
    return or_(
        and_(MailOutbox.status == "pending", MailOutbox.not_before <= now),
        and_(MailOutbox.status == "sending", MailOutbox.claim_until < now),
    )


def claim(row_id: int, worker: str, now: datetime) -> bool:
    """Take one row for this worker with one conditional UPDATE; committed at once."""
    claimed = db.session.execute(
        update(MailOutbox)
        .where(MailOutbox.id == row_id, _due(now))
        .values(status="sending", claimed_by=worker, claim_until=now + timedelta(minutes=CLAIM_MINUTES))
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


def _connect() -> smtplib.SMTP:
    config = current_app.config
    smtp = smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=config["MAIL_TIMEOUT"])
    try:
        if config["MAIL_STARTTLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except BaseException:
        smtp.close()
        raise
    return smtp


def build_message(row: MailOutbox) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(idstring=f"outbox{row.id}", domain="anime-ton-chu")
    message["Auto-Submitted"] = "auto-generated"
    if row.person_id:
        message["List-Unsubscribe"] = f"<{unsubscribe_url(row.person_id, row.category)}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(row.body_text)
    message.add_alternative(row.body_html, subtype="html")
    return message


def _finish(row_id: int, worker: str, **values) -> None:
    # End the reading transaction first: on SQLite a read upgraded to a write can fail at
    # once instead of waiting for the lock.
    db.session.commit()
    db.session.execute(
        update(MailOutbox)
        .where(MailOutbox.id == row_id, MailOutbox.claimed_by == worker)
        .values(claim_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _retry(row: MailOutbox, worker: str, error: Exception, now: datetime, report: SendReport) -> None:
    attempts = row.attempts + 1
    permanent = isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in error.recipients.values()]
        permanent = bool(codes) and min(codes) >= 500
    message = f"{type(error).__name__}: {error}"[:500]
    if permanent or attempts >= MAX_ATTEMPTS:
        _finish(row.id, worker, status="failed", attempts=attempts, last_error=message)
        report.failed += 1
        log.warning("mail_failed outbox=%s attempts=%s error=%s", row.id, attempts, message)
        return
    delay = min(timedelta(minutes=2 ** (attempts - 1)), MAX_DELAY)
    setting = db.session.get(NotificationSetting, row.person_id) if row.person_id else None
    later = release_time(setting, now + delay, urgent=row.urgent)
    _finish(row.id, worker, status="pending", attempts=attempts, not_before=later, last_error=message)
    report.retried += 1
    log.info("mail_retry outbox=%s attempts=%s next=%s error=%s", row.id, attempts, later, message)


def send_due(now: datetime | None = None, *, worker: str | None = None) -> SendReport:
    """Send what is due, each mail at most once (see the module doc)."""
    report = SendReport()
    now = now or utcnow()
    worker = worker or worker_name()
    ids = list(
        db.session.scalars(
            select(MailOutbox.id)
            .where(_due(now))
            .order_by(MailOutbox.not_before, MailOutbox.id)
            .limit(current_app.config["MAIL_BATCH"])
        )
    )
    db.session.commit()  # end the reading transaction
    smtp = None
    try:
        for row_id in ids:
            if not claim(row_id, worker, now):
                continue  # another machine took it
            row = db.session.get(MailOutbox, row_id)
            try:
                if smtp is None:
                    smtp = _connect()
                smtp.send_message(build_message(row))
            except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError) as error:
                # Unreachable, hanging (timeout) or dropped: stop here, the rest waits.
                _retry(row, worker, error, now, report)
                report.stopped = f"{type(error).__name__}: {error}"
                smtp = _close(smtp)
                break
            except smtplib.SMTPException as error:
                _retry(row, worker, error, now, report)
                smtp = _reset(smtp)
                continue
            _finish(row_id, worker, status="sent", sent_at=utcnow(), attempts=row.attempts + 1, last_error="")
            report.sent += 1
    finally:
        _close(smtp)
    return report


def _reset(smtp: smtplib.SMTP | None) -> smtplib.SMTP | None:
    if smtp is None:
        return None
    try:
        smtp.rset()
    except (smtplib.SMTPException, OSError):
        return _close(smtp)
    return smtp


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
