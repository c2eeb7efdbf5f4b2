"""Ward admin forms."""

from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.core.forms import Form


class RefuseForm(Form):
    reason = TextAreaField(
        "Raison du refus (la personne la recevra)",
        validators=[
            InputRequired("Indiquez la raison du refus : la personne la recevra."),
            Length(max=500, message="500 caractères au plus."),
        ],
    )


class InvitationCreateForm(Form):
    note = StringField(
        "Pour qui ? (note pour vous, facultative)",
        validators=[Optional(), Length(max=200, message="200 caractères au plus.")],
    )
