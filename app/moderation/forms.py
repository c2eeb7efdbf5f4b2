"""Moderation forms: a member's report, a moderator's hide (one-tap reason) and restore."""

from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from app.core.forms import Form
from app.models.moderation import REASON_MAX

# Reasons a moderator picks in one tap (the free text adds a detail).
HIDE_REASONS = {
    "patient": "Contient des informations sur un patient",
    "respect": "Propos irrespectueux ou blessants",
    "personal": "Met en cause une personne nommément",
    "offtopic": "Hors sujet ou publicité",
    "other": "Autre raison (précisez)",
}
DETAIL_MAX = 300


class ReportForm(Form):
    reason = TextAreaField(
        "Qu'est-ce qui pose problème\u00a0?",
        validators=[
            InputRequired("Dites en quelques mots ce qui pose problème."),
            Length(max=REASON_MAX, message=f"{REASON_MAX}\u00a0caractères au plus."),
        ],
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
        "Précision (facultative)",
        validators=[Length(max=DETAIL_MAX, message=f"{DETAIL_MAX}\u00a0caractères au plus.")],
    )

    def reason_text(self) -> str:
        """The sentence the author reads: the chosen reason, then the detail."""
        label = HIDE_REASONS.get(self.reason.data or "")
        detail = (self.detail.data or "").strip()
        if label is None:
            return ""
        if self.reason.data == "other":
            return detail
        return f"{label}. {detail}".strip() if detail else f"{label}."


class RestoreForm(Form):
    reason = StringField(
        "Raison (facultative)",
        validators=[Length(max=DETAIL_MAX, message=f"{DETAIL_MAX}\u00a0caractères au plus.")],
    )
