"""Platform admin forms."""

from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from app.core.forms import Form


class WardCreateForm(Form):
    name = StringField(
        "Nom du service",
        validators=[
            InputRequired("Donnez le nom du service."),
            Length(max=120, message="120 caractères au plus."),
        ],
    )
    slug = StringField(
        "Adresse courte (dans l'URL /s/…)",
        validators=[
            InputRequired("Choisissez l'adresse courte."),
            Length(min=3, max=60, message="De 3 à 60 caractères."),
            Regexp(
                r"^[a-z0-9]+(-[a-z0-9]+)*$",
                message="Minuscules, chiffres et tirets seulement (ex. : cardiologie-b).",
            ),
        ],
    )
    description = TextAreaField("Présentation (facultative)", validators=[Optional(), Length(max=1000)])
    manager_matricule = StringField(
        "Matricule du ou de la cadre de soins (facultatif)", validators=[Optional(), Length(max=20)]
    )
    admin_matricules = StringField(
        "Matricules des premiers administrateurs (séparés par des virgules)",
        validators=[Optional(), Length(max=200)],
    )


class VigilanceItemForm(Form):
    category_id = SelectField("Famille", coerce=int, validators=[InputRequired("Choisissez la famille.")])
    text = StringField(
        "Point de vigilance",
        validators=[
            InputRequired("Écrivez le point de vigilance."),
            Length(max=300, message="300 caractères au plus."),
        ],
    )


class VigilanceEditForm(Form):
    text = StringField(
        "Texte",
        validators=[
            InputRequired("Le texte ne peut pas être vide."),
            Length(max=300, message="300 caractères au plus."),
        ],
    )
    active = BooleanField("Proposé dans les nouvelles propositions")


class AppointForm(Form):
    matricule = StringField(
        "Matricule",
        validators=[
            InputRequired("Indiquez le matricule."),
            Length(max=20, message="20 caractères au plus."),
        ],
    )
    role = SelectField(
        "Rôle",
        choices=[SelectChoice("manager", "Cadre de soins"), SelectChoice("admin", "Administrateur·rice")],
    )
    replace = BooleanField("Remplace la cadre actuelle (qui devient administratrice)")
