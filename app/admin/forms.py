"""Ward admin forms."""

from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.admin.journal import KINDS as JOURNAL_KINDS
from app.admin.members import ROLE_FILTERS, STATUS_FILTERS
from app.core.forms import Form
from app.models import ADMIN_LABELS, ROLE_LABELS


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


# --- members and sanctions -------------------------------------------------------------


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


REASON = [
    DataRequired("Indiquez la raison : la personne la recevra."),
    Length(max=1000, message="1\u00a0000 caractères au plus."),
]


class MemberFilterForm(Form):
    """The members page's search (a GET form: no token)."""

    class Meta:
        csrf = False

    q = StringField("Rechercher (nom, prénom, matricule)", validators=[Optional(), Length(max=80)])
    role = SelectField("Rôle", choices=_choices(ROLE_FILTERS), validators=[Optional()])
    statut = SelectField("Statut", choices=_choices(STATUS_FILTERS), validators=[Optional()])
    etiquette = SelectField(
        "Étiquette",
        choices=_choices({"": "Toutes les étiquettes", **ADMIN_LABELS}),
        validators=[Optional()],
    )


class RoleForm(Form):
    role = SelectField("Rôle dans le service", choices=_choices(ROLE_LABELS))


class LabelsForm(Form):
    labels = SelectMultipleField(
        "Étiquettes (sans pouvoir particulier)",
        choices=_choices(ADMIN_LABELS),
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validate_choice=False,
    )


class ReferentForm(Form):
    activity_id = SelectField("Activité", coerce=int, validate_choice=False)

    def validate_activity_id(self, field):
        if not field.data:
            raise ValidationError("Choisissez une activité.")


class SanctionForm(Form):
    kind = RadioField(
        "Sanction",
        choices=_choices(
            {
                "warning": "Avertissement (gardé au dossier, sans restriction)",
                "suspension": "Suspension jusqu'à une date (lecture seule, inscriptions libérées)",
                "exclusion": "Exclusion du service",
            }
        ),
        validators=[InputRequired("Choisissez une sanction.")],
    )
    reason = TextAreaField("Raison (la personne la recevra)", validators=REASON, filters=[_strip])
    until = DateField("Jusqu'au (inclus), pour une suspension", validators=[Optional()])
    confirm = BooleanField("Je confirme cette sanction")

    def validate_confirm(self, field):
        if self.kind.data in ("suspension", "exclusion") and not field.data:
            raise ValidationError("Cochez la case pour confirmer : la personne perd ses inscriptions.")

    def validate_until(self, field):
        if self.kind.data == "suspension" and field.data is None and not field.errors:
            raise ValidationError("Indiquez jusqu'à quand dure la suspension.")


class LiftForm(Form):
    lift_reason = TextAreaField("Raison de la levée", validators=REASON, filters=[_strip])


class RemoveForm(Form):
    reason = TextAreaField("Raison (la personne la recevra)", validators=REASON, filters=[_strip])
    confirm = BooleanField("Je confirme : ses inscriptions à venir sont libérées")

    def validate_confirm(self, field):
        if not field.data:
            raise ValidationError("Cochez la case pour confirmer le retrait.")


class JournalFilterForm(Form):
    """The audit log's filters (a GET form: no token)."""

    class Meta:
        csrf = False

    personne = SelectField("Qui", coerce=_int_or_none, validate_choice=False, validators=[Optional()])
    genre = SelectField(
        "Genre de décision", choices=_choices({"": "Toutes", **JOURNAL_KINDS}), validators=[Optional()]
    )
    du = DateField("Du", validators=[Optional()])
    au = DateField("Au", validators=[Optional()])
    service = SelectField("Service", coerce=_int_or_none, validate_choice=False, validators=[Optional()])
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=10_000)])

    def validate_au(self, field):
        if field.data and self.du.data and field.data < self.du.data:
            raise ValidationError("La fin de la période doit venir après son début.")


class DelegationForm(Form):
    max_minutes = IntegerField(
        "Durée maximale d'une activité autorisée par délégation (minutes)",
        validators=[
            InputRequired("Indiquez une durée en minutes."),
            NumberRange(min=1, max=240, message="Entre 1 et 240 minutes."),
        ],
    )
