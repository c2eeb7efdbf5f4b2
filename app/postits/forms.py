"""Post-it forms. Server-side checks are the services' (one source of truth for messages);
these declare the fields, so nothing else from the request is ever read."""

from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from app.core.forms import Form
from app.models.postits import ANSWER_MAX, POSTIT_KINDS, POSTIT_STATUSES, REASON_MAX

KIND_CHOICES = [SelectChoice(code, label) for code, label in POSTIT_KINDS.items()]
STATUS_CHOICES = [SelectChoice(code, label) for code, label in POSTIT_STATUSES.items()]
WRITE_SOMETHING = "Écrivez quelques mots sur le post-it."

# Reasons a moderator picks in one tap (the free text adds a detail).
HIDE_REASONS = {
    "patient": "Contient des informations sur un patient",
    "respect": "Propos irrespectueux ou blessants",
    "personal": "Met en cause une personne nommément",
    "offtopic": "Hors sujet ou publicité",
    "other": "Autre raison (précisez)",
}


class PostItForm(Form):
    kind = RadioField(
        "Type de post-it",
        choices=KIND_CHOICES,
        default="idea",
        validate_choice=False,  # the service refuses an unknown kind, in French
    )
    text = TextAreaField(
        "Votre message",
        # The length is checked by the service, after line breaks are normalised.
        validators=[InputRequired(WRITE_SOMETHING)],
    )
    anonymous = BooleanField("Anonyme pour mes collègues")


class EditPostItForm(Form):
    kind = SelectField("Type", choices=KIND_CHOICES, validate_choice=False)
    text = TextAreaField("Message", validators=[InputRequired(WRITE_SOMETHING)])


class ReportForm(Form):
    reason = TextAreaField(
        "Qu'est-ce qui pose problème\u00a0?",
        validators=[
            InputRequired("Dites en quelques mots ce qui pose problème."),
            Length(max=REASON_MAX, message=f"{REASON_MAX}\u00a0caractères au plus."),
        ],
    )


class StatusForm(Form):
    status = SelectField("Statut", choices=STATUS_CHOICES, validate_choice=False)
    answer = TextAreaField(
        "Réponse au service (facultative)",
        validators=[Length(max=ANSWER_MAX, message=f"{ANSWER_MAX}\u00a0caractères au plus.")],
    )


class HideForm(Form):
    reason = SelectField(
        "Raison",
        choices=[
            SelectChoice("", "Choisir une raison…"),
            *(SelectChoice(k, v) for k, v in HIDE_REASONS.items()),
        ],
        validate_choice=False,
        validators=[InputRequired("Choisissez la raison\u00a0: l'auteur·rice la recevra.")],
    )
    detail = StringField(
        "Précision (facultative)", validators=[Length(max=300, message="300\u00a0caractères au plus.")]
    )

    def reason_text(self) -> str:
        label = HIDE_REASONS.get(self.reason.data or "")
        detail = (self.detail.data or "").strip()
        if label is None:
            return ""
        if self.reason.data == "other":
            return detail
        return f"{label}. {detail}".strip() if detail else f"{label}."


class RestoreForm(Form):
    reason = StringField(
        "Raison (facultative)", validators=[Length(max=300, message="300\u00a0caractères au plus.")]
    )
