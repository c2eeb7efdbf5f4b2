"""Directory forms: the message to the group's admins."""

from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.core.forms import Form


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ContactForm(Form):
    subject = StringField(
        "Objet",
        filters=[_strip],
        validators=[
            DataRequired("Donnez un objet à votre message."),
            Length(max=120, message="120 caractères au plus."),
        ],
    )
    body = TextAreaField(
        "Votre message",
        filters=[_strip],
        validators=[
            DataRequired("Écrivez votre message."),
            Length(max=2000, message="2\u00a0000 caractères au plus."),
        ],
    )
