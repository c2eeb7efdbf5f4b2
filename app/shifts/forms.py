"""The shift form: a name, its hours, the usual break times as a short list."""

from wtforms import IntegerField, StringField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.core.forms import Form


class ShiftForm(Form):
    name = StringField(
        "Nom de l'équipe",
        validators=[
            InputRequired("Donnez un nom à l'équipe."),
            Length(max=40, message="40 caractères au plus."),
        ],
    )
    starts = TimeField("Début", validators=[InputRequired("Indiquez l'heure de début.")])
    ends = TimeField("Fin", validators=[InputRequired("Indiquez l'heure de fin.")])
    breaks = StringField(
        "Pauses habituelles (facultatif)",
        description="Les heures séparées par des virgules, par exemple : 10:00, 12:30, 16:00.",
        validators=[Optional(), Length(max=120, message="120 caractères au plus.")],
    )


class ShiftChoiceForm(Form):
    """ "Pendant ma pause" asks once which shift I work today (one button per shift)."""

    shift = StringField(validators=[InputRequired(), Length(max=20)])


class WorkstationForm(Form):
    """The ward's shared computers: their addresses and the idle minutes of their sessions."""

    networks = TextAreaField(
        "Adresses des postes partagés (facultatif)",
        description="Adresses ou plages, séparées par des virgules : 10.12.4.0/24, 10.12.5.17.",
        validators=[Optional(), Length(max=500, message="500 caractères au plus.")],
    )
    idle_minutes = IntegerField(
        "Fermeture de session après (minutes sans activité)",
        validators=[
            InputRequired("Indiquez un nombre de minutes."),
            NumberRange(min=1, max=30, message="De 1 à 30 minutes."),
        ],
    )
