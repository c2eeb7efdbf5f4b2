"""What concerns a person: the bell, /notifications, e-mail through the outbox, reminders."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from app.notifications import routes  # noqa: E402, F401
