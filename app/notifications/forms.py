"""My notification choices on /moi: a channel per category, an address, quiet hours."""

from wtforms import BooleanField, EmailField, RadioField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional

from app.core.forms import Form
from app.notifications.services import CATEGORIES, CHANNELS, OTHER

CATEGORY_FIELDS = {key: f"channel_{key}" for key in (*CATEGORIES, OTHER)}


class PreferencesForm(Form):
    email = EmailField(
        "Adresse e-mail pour les notifications",
        validators=[
            Optional(),
            Length(max=254, message="254 caractères au plus."),
            Email(message="Cette adresse e-mail n'est pas valide.", check_deliverability=False),
        ],
    )
    quiet_from = TimeField("Pas d'e-mail de", validators=[Optional()])
    quiet_to = TimeField("à", validators=[Optional()])
    quiet_urgent = BooleanField(
        "Pendant ces heures, m'envoyer quand même les annulations, changements et rappels de créneau"
    )

    weekly_digest = BooleanField(
        "Recevoir chaque semaine un court résumé par e-mail (créneaux avec des places, "
        "nouvelles activités, idées adoptées)"
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if bool(self.quiet_from.data) != bool(self.quiet_to.data):
            (self.quiet_to if self.quiet_from.data else self.quiet_from).errors.append(
                "Indiquez le début et la fin des heures calmes (ou aucune des deux)."
            )
            ok = False
        elif self.quiet_from.data and self.quiet_from.data == self.quiet_to.data:
            self.quiet_to.errors.append("La fin des heures calmes doit différer du début.")
            ok = False
        return ok

    def channel_fields(self):
        """(category key, label, field) in display order."""
        labels = {key: label for key, (label, _prefixes) in CATEGORIES.items()}
        labels[OTHER] = "Autres notifications"
        return [(key, labels[key], self[name]) for key, name in CATEGORY_FIELDS.items()]


for _key, _name in CATEGORY_FIELDS.items():
    setattr(
        PreferencesForm,
        _name,
        RadioField(
            _key,
            choices=[SelectChoice(value, label) for value, label in CHANNELS.items()],
            default="app",
            validators=[InputRequired("Choisissez ce que vous recevez.")],
        ),
    )
