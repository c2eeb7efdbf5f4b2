"""The platform questionnaire's form (the period form is a plain GET form: see periods)."""

from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from app.core.forms import Form
from app.models.indicators import MISSING_MAX, REMARK_MAX, SCALE

SCALE_CHOICES = [SelectChoice(str(value), label) for value, label in SCALE.items()]


class SurveyForm(Form):
    useful = RadioField(
        "La plateforme vous est-elle utile\u00a0?",
        choices=SCALE_CHOICES,
        validators=[InputRequired("Choisissez une réponse.")],
    )
    easy = RadioField(
        "Est-elle facile à utiliser\u00a0?",
        choices=SCALE_CHOICES,
        validators=[InputRequired("Choisissez une réponse.")],
    )
    missing = TextAreaField(
        "Que vous manque-t-il\u00a0? (facultatif)",
        validators=[Length(max=MISSING_MAX, message=f"{MISSING_MAX}\u00a0caractères au plus.")],
    )
    remark = TextAreaField(
        "Autre chose à nous dire\u00a0? (facultatif)",
        validators=[Length(max=REMARK_MAX, message=f"{REMARK_MAX}\u00a0caractères au plus.")],
    )
