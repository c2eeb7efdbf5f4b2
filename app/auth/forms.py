"""Account forms. Labels and messages in French; passwords are never sent back."""

from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, Regexp

from app.auth.passwords import MAX_LENGTH
from app.core.forms import Form
from app.models import JOBS

REQUIRED = "Ce champ est obligatoire."
MATRICULE = [
    InputRequired(REQUIRED),
    Length(max=20, message="Le matricule compte au plus 20 caractères."),
]


class LoginForm(Form):
    matricule = StringField("Matricule", validators=MATRICULE)
    password = PasswordField("Mot de passe", validators=[InputRequired(REQUIRED), Length(max=MAX_LENGTH)])
    next = StringField(validators=[Optional(), Length(max=500)])
    # Ticked by default on the ward's shared computers (app.wards.workstation).
    shared = BooleanField("Poste partagé du service")


class ConfirmPasswordForm(Form):
    password = PasswordField("Mot de passe", validators=[InputRequired(REQUIRED), Length(max=MAX_LENGTH)])
    next = StringField(validators=[Optional(), Length(max=500)])


class NewAccountFields(Form):
    matricule = StringField(
        "Matricule",
        validators=[
            *MATRICULE,
            Regexp(r"^\s*[A-Za-z0-9]{3,20}\s*$", message="Lettres et chiffres seulement (3 à 20)."),
        ],
    )
    first_name = StringField(
        "Prénom", validators=[InputRequired(REQUIRED), Length(max=80, message="80 caractères au plus.")]
    )
    last_name = StringField(
        "Nom", validators=[InputRequired(REQUIRED), Length(max=80, message="80 caractères au plus.")]
    )
    job = SelectField(
        "Métier",
        choices=[SelectChoice("", "Choisissez…"), *(SelectChoice(k, v) for k, v in JOBS.items())],
        validators=[InputRequired("Choisissez votre métier.")],
        validate_choice=True,
    )
    email = EmailField(
        "E-mail professionnel (facultatif)",
        validators=[
            Optional(),
            Length(max=254),
            Email(message="Cette adresse e-mail n'est pas valide.", check_deliverability=False),
        ],
    )
    password = PasswordField(
        "Mot de passe",
        validators=[
            InputRequired(REQUIRED),
            Length(max=MAX_LENGTH, message=f"{MAX_LENGTH} caractères au plus."),
        ],
    )


class RegistrationForm(NewAccountFields):
    ward = SelectField("Service", validators=[InputRequired("Choisissez le service.")], coerce=str)
    message = TextAreaField(
        "Un mot pour les administrateurs (facultatif)",
        validators=[Optional(), Length(max=500, message="500 caractères au plus.")],
    )


class InvitationForm(NewAccountFields):
    pass


class JoinWardForm(Form):
    message = TextAreaField(
        "Un mot pour les administrateurs (facultatif)",
        validators=[Optional(), Length(max=500, message="500 caractères au plus.")],
    )


class EmptyForm(Form):
    """A button that changes something: the CSRF token and nothing else."""


class ChangePasswordForm(Form):
    current_password = PasswordField(
        "Mot de passe actuel", validators=[InputRequired(REQUIRED), Length(max=MAX_LENGTH)]
    )
    new_password = PasswordField(
        "Nouveau mot de passe", validators=[InputRequired(REQUIRED), Length(max=MAX_LENGTH)]
    )


class ReapplyForm(Form):
    """A refused applicant asks again, right after her log-in attempt showed the reason."""

    ward = SelectField("Service", validators=[InputRequired("Choisissez le service.")], coerce=str)
    message = TextAreaField(
        "Un mot pour les administrateurs (facultatif)",
        validators=[Optional(), Length(max=500, message="500 caractères au plus.")],
    )
