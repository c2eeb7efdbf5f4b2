"""Activity forms: the proposal in short steps, decisions, referents, mission orders."""

from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.core.forms import Form
from app.models.activities import BREAKS, MAX_DURATION_MINUTES

LONG = 5000


class StepOneForm(Form):
    name = StringField(
        "Nom de l'activité",
        validators=[
            InputRequired("Donnez un nom à l'activité."),
            Length(max=120, message="120 caractères au plus."),
        ],
    )
    summary = StringField(
        "En une phrase (facultatif à ce stade)",
        validators=[Optional(), Length(max=300, message="300 caractères au plus.")],
    )
    description = TextAreaField(
        "Description (facultative à ce stade)",
        validators=[Optional(), Length(max=LONG, message="5 000 caractères au plus.")],
    )
    how_it_runs = TextAreaField(
        "Déroulement (facultatif à ce stade)",
        validators=[Optional(), Length(max=LONG, message="5 000 caractères au plus.")],
    )


class StepTwoForm(Form):
    duration_minutes = IntegerField(
        "Durée habituelle, en minutes",
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_DURATION_MINUTES,
                message="Entre 1 minute et une garde de 12 heures (720 minutes).",
            ),
        ],
    )
    target_break = SelectField(
        "Moment visé",
        choices=[SelectChoice("", "Choisissez…"), *(SelectChoice(k, v) for k, v in BREAKS.items())],
        validators=[Optional()],
    )
    schedule_notes = TextAreaField(
        "Quand et comment elle s'insère dans le travail",
        validators=[Optional(), Length(max=LONG, message="5 000 caractères au plus.")],
    )


class StepThreeForm(Form):
    coordinator = StringField("Coordinateur·rice", validators=[Optional(), Length(max=120)])
    competence = TextAreaField(
        "Compétence ou formation nécessaire",
        validators=[Optional(), Length(max=LONG, message="5 000 caractères au plus.")],
    )
    place = StringField("Lieu", validators=[Optional(), Length(max=200, message="200 caractères au plus.")])
    equipment = TextAreaField("Matériel", validators=[Optional(), Length(max=LONG)])
    budget = StringField(
        "Budget", validators=[Optional(), Length(max=200, message="200 caractères au plus.")]
    )
    outside_workplace = BooleanField("L'activité se déroule hors du lieu de travail habituel")
    feedback_channel = TextAreaField(
        "Comment recueillir les retours des participants", validators=[Optional(), Length(max=LONG)]
    )


class StepFourForm(Form):
    rules = TextAreaField(
        "Réglementation et cadre",
        validators=[Optional(), Length(max=LONG, message="5 000 caractères au plus.")],
    )
    responsibility_charter = TextAreaField(
        "Charte de responsabilité individuelle",
        validators=[Optional(), Length(max=LONG, message="5 000 caractères au plus.")],
    )


STEP_FORMS = {1: StepOneForm, 2: StepTwoForm, 3: StepThreeForm, 4: StepFourForm}


class DecisionForm(Form):
    reason = TextAreaField(
        "Message", validators=[Optional(), Length(max=2000, message="2 000 caractères au plus.")]
    )


def optional_int(value):
    """Select values: "" (the "Choisissez…" line) is no choice; anything else an id."""
    if value in ("", None):
        return None
    return int(value)


class ReferentForm(Form):
    person_id = SelectField(
        "Désigner un·e référent·e",
        coerce=optional_int,
        validators=[InputRequired("Choisissez une personne.")],
    )


class MissionOrderForm(Form):
    starts_at = DateTimeLocalField(
        "Début", format="%Y-%m-%dT%H:%M", validators=[InputRequired("Indiquez le début.")]
    )
    ends_at = DateTimeLocalField(
        "Fin", format="%Y-%m-%dT%H:%M", validators=[InputRequired("Indiquez la fin.")]
    )
    destination = StringField("Lieu de la mission", validators=[Optional(), Length(max=200)])
    purpose = TextAreaField(
        "Motif", validators=[InputRequired("Indiquez le motif de la mission."), Length(max=2000)]
    )
    participants = TextAreaField(
        "Participants (un nom par ligne)",
        validators=[Optional(), Length(max=4000, message="4 000 caractères au plus.")],
    )


class StatusFilterForm(Form):
    class Meta:
        csrf = False

    statut = SelectField("Statut", validators=[Optional()])
