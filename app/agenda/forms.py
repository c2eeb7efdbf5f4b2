"""Agenda forms."""

from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from app.core.forms import Form
from app.models.agenda import EVENT_KINDS


class EventForm(Form):
    title = StringField(
        "Titre", validators=[InputRequired("Donnez un titre à l'événement."), Length(max=160)]
    )
    kind = SelectField(
        "Type", choices=[SelectChoice(k, v) for k, v in EVENT_KINDS.items()], validators=[InputRequired()]
    )
    day = DateField("Date", validators=[InputRequired("Choisissez la date.")])
    all_day = BooleanField("Toute la journée")
    start = TimeField("Début", validators=[Optional()])
    end = TimeField("Fin", validators=[Optional()])
    end_day = DateField("Jusqu'au (facultatif, sur plusieurs jours)", validators=[Optional()])
    place = StringField("Lieu", validators=[Optional(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])


class PollForm(Form):
    title = StringField(
        "Ce que vous organisez", validators=[InputRequired("Donnez un titre au sondage."), Length(max=160)]
    )
    place = StringField("Lieu (facultatif)", validators=[Optional(), Length(max=200)])
    description = TextAreaField("Précisions (facultatives)", validators=[Optional(), Length(max=2000)])


class CloseForm(Form):
    option_id = RadioField(
        "Date retenue", coerce=int, validators=[InputRequired("Choisissez la date retenue.")]
    )
