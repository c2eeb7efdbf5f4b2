"""Post-it forms. Server-side checks are the services' (one source of truth for messages);
these declare the fields, so nothing else from the request is ever read."""

from wtforms import BooleanField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from app.core.forms import Form
from app.models.postits import ANSWER_MAX, POSTIT_KINDS, POSTIT_STATUSES

KIND_CHOICES = [SelectChoice(code, label) for code, label in POSTIT_KINDS.items()]
STATUS_CHOICES = [SelectChoice(code, label) for code, label in POSTIT_STATUSES.items()]
WRITE_SOMETHING = "Écrivez quelques mots sur le post-it."


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


class StatusForm(Form):
    status = SelectField("Statut", choices=STATUS_CHOICES, validate_choice=False)
    answer = TextAreaField(
        "Réponse au service (facultative)",
        validators=[Length(max=ANSWER_MAX, message=f"{ANSWER_MAX}\u00a0caractères au plus.")],
    )
