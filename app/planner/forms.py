"""Planner forms."""

from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import Form
from app.planner.services import WEEKDAYS


def optional_int(value):
    if value in ("", None):
        return None
    return int(value)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SlotTimesMixin:
    day = DateField("Date", validators=[InputRequired("Choisissez la date.")])
    start = TimeField("Début", validators=[InputRequired("Indiquez l'heure de début.")])
    end = TimeField("Fin", validators=[InputRequired("Indiquez l'heure de fin.")])
    place = StringField("Lieu", validators=[Optional(), Length(max=200, message="200 caractères au plus.")])
    capacity = IntegerField(
        "Nombre de places",
        validators=[
            InputRequired("Indiquez le nombre de places."),
            NumberRange(min=1, max=500, message="De 1 à 500 places."),
        ],
    )


class SlotForm(SlotTimesMixin, Form):
    activity_id = SelectField(
        "Activité", coerce=optional_int, validators=[InputRequired("Choisissez l'activité.")]
    )
    weekdays = MultiCheckboxField(
        "Répéter chaque semaine le…",
        coerce=int,
        choices=[SelectChoice(k, v) for k, v in WEEKDAYS.items()],
        validators=[Optional()],
    )
    until = DateField("Jusqu'au (inclus)", validators=[Optional()])


class MoveSlotForm(SlotTimesMixin, Form):
    message = TextAreaField(
        "Un mot pour les personnes inscrites (facultatif)", validators=[Optional(), Length(max=500)]
    )
    scope = RadioField(
        "Modifier",
        choices=[
            SelectChoice("this", "ce créneau seulement"),
            SelectChoice("following", "ce créneau et les suivants de la série"),
        ],
        default="this",
    )


class CancelSlotForm(Form):
    message = TextAreaField(
        "Un mot pour les personnes inscrites",
        validators=[InputRequired("Un mot pour les personnes inscrites est nécessaire."), Length(max=500)],
    )


class FeedbackForm(Form):
    rating = RadioField(
        "Votre note",
        coerce=int,
        choices=[
            SelectChoice(n, label)
            for n, label in [(1, "1 — pas du tout"), (2, "2"), (3, "3"), (4, "4"), (5, "5 — tout à fait")]
        ],
        validators=[InputRequired("Choisissez une note de 1 à 5.")],
    )
    comment = TextAreaField(
        "Un commentaire critique et constructif (facultatif)", validators=[Optional(), Length(max=1000)]
    )


class SignUpForm(Form):
    """The sign-up button; with the charter acceptance the first time."""

    accept_charter = StringField(validators=[Optional(), Length(max=5)])
    shown_at = StringField(validators=[Optional(), Length(max=40)])
