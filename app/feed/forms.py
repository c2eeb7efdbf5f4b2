"""Feed forms."""

from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from app.core.forms import Form
from app.models.feed import PUBLICATION_KINDS

KIND_CHOICES = [SelectChoice("", "Choisissez…"), *(SelectChoice(k, v) for k, v in PUBLICATION_KINDS.items())]


class PublicationForm(Form):
    kind = SelectField("Type", choices=KIND_CHOICES, validators=[InputRequired("Choisissez le type.")])
    title = StringField(
        "Titre",
        validators=[
            InputRequired("Donnez un titre à votre publication."),
            Length(max=160, message="160 caractères au plus."),
        ],
    )
    body = TextAreaField(
        "Texte",
        validators=[
            InputRequired("Écrivez le texte de votre publication."),
            Length(max=20000, message="20 000 caractères au plus."),
        ],
    )
    image = FileField("Image (facultative : JPEG, PNG ou WebP, 5 Mo au plus)")


class NoteForm(Form):
    """A decision that needs a sentence: send back, refuse, ask the manager."""

    note = TextAreaField(
        "Message", validators=[Optional(), Length(max=1000, message="1 000 caractères au plus.")]
    )


class FeedFilterForm(Form):
    class Meta:
        csrf = False

    type = SelectField(
        "Type",
        choices=[
            SelectChoice("", "Tous les types"),
            *(SelectChoice(k, v) for k, v in PUBLICATION_KINDS.items()),
        ],
        validators=[Optional()],
    )
    q = StringField("Rechercher", validators=[Optional(), Length(max=80)])
