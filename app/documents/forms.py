"""Documents forms."""

from flask_wtf.file import FileField
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from app.core.forms import Form
from app.documents.services import CATEGORIES


class UploadForm(Form):
    title = StringField("Titre (facultatif)", validators=[Optional(), Length(max=160)])
    category = SelectField(
        "Catégorie",
        choices=[SelectChoice(k, v) for k, v in CATEGORIES.items()],
        validators=[InputRequired()],
    )
    file = FileField("Fichier (PDF, image ou bureautique, 5\u00a0Mo au plus)")
