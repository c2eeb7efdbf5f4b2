"""My choices: channels, the e-mail address (confirmed by a signed link), quiet hours.
Services flush, never commit."""

from datetime import time

from flask import current_app, render_template
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.core.errors import DomainError
from app.core.links import link_to
from app.core.timefmt import utcnow
from app.extensions import db
from app.models import MailOutbox, NotificationSetting, Person
from app.notifications import mail, services

CONFIRM_SALT = "notifications.confirm-email"
CONFIRM_MAX_AGE = 2 * 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRM_SALT)


def confirmation_token(person_id: int, email: str) -> str:
    return _serializer().dumps({"p": person_id, "e": email})


def _minutes(value: time | None) -> int | None:
    return None if value is None else value.hour * 60 + value.minute


def save(
    person: Person,
    *,
    channels: dict[str, str],
    email: str,
    quiet_from: time | None,
    quiet_to: time | None,
    quiet_urgent: bool,
    weekly_digest: bool = False,
) -> str | None:
    """Save my choices. A new address is not used before its link is opened: returns the
    address a confirmation was sent to (None when nothing is to confirm)."""
    setting = services.save_channels(person, channels)
    setting.quiet_from, setting.quiet_to = _minutes(quiet_from), _minutes(quiet_to)
    setting.quiet_urgent = bool(quiet_urgent)
    setting.weekly_digest = bool(weekly_digest)
    email = (email or "").strip()
    if not email:
        setting.email = setting.pending_email = setting.email_confirmed_at = None
        return None
    if email.lower() == (setting.email or "").lower():
        setting.pending_email = None
        return None
    if not services.mail_enabled():
        raise DomainError(
            "L'envoi d'e-mails n'est pas encore activé par l'hôpital : l'adresse ne peut pas être vérifiée.",
            field="email",
        )
    setting.pending_email = email
    _queue_confirmation(person, email)
    db.session.flush()
    return email


def _queue_confirmation(person: Person, email: str) -> None:
    link = mail.absolute(link_to("notifications.confirm_email", token=confirmation_token(person.id, email)))
    context = {"person": person, "link": link, "email": email}
    db.session.add(
        MailOutbox(
            person_id=None,  # not a notification: no unsubscribe link
            category="confirmation",
            urgent=True,
            to_address=email,
            subject="Anime ton CHU\u00a0: confirmez votre adresse e-mail",
            body_text=render_template("notifications/mail/confirm.txt", **context),
            body_html=render_template("notifications/mail/confirm.html", **context),
            not_before=utcnow(),
            created_at=utcnow(),
        )
    )


def read_confirmation(token: str) -> tuple[int, str] | None:
    try:
        data = _serializer().loads(token, max_age=CONFIRM_MAX_AGE)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int) or not isinstance(data.get("e"), str):
        return None
    return data["p"], data["e"]


def confirm(person_id: int, email: str) -> NotificationSetting:
    """The link was opened: the address becomes the one mails go to. Only the address
    asked last can be confirmed (an older link is refused)."""
    setting = services.setting_of(person_id)
    if setting is None or (setting.pending_email or "").lower() != email.lower():
        if setting is not None and (setting.email or "").lower() == email.lower():
            return setting  # already confirmed: opening the link twice is fine
        raise DomainError("Ce lien ne correspond plus à l'adresse demandée : rien n'a été changé.")
    setting.email, setting.pending_email, setting.email_confirmed_at = email, None, utcnow()
    setting.updated_at = utcnow()
    db.session.flush()
    return setting
