"""Ward admin forms."""

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional


class RefuseForm(FlaskForm):
    reason = TextAreaField(
        "Raison du refus (la personne la recevra)",
        validators=[
            InputRequired("Indiquez la raison du refus : la personne la recevra."),
            Length(max=500, message="500 caractères au plus."),
        ],
    )


class InvitationCreateForm(FlaskForm):
    note = StringField(
        "Pour qui ? (note pour vous, facultative)",
        validators=[Optional(), Length(max=200, message="200 caractères au plus.")],
    )
