"""The discussion's one form."""

from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length

from app.core.forms import Form
from app.discussions.services import BODY_MAX


class CommentForm(Form):
    body = TextAreaField(
        "Votre message",
        validators=[
            InputRequired("Écrivez votre message avant de l'envoyer."),
            Length(max=BODY_MAX, message="1\u00a0000\u00a0caractères au plus."),
        ],
    )
