"""The base of every form: WTForms' own messages in French (its built-in translations), and
dates bounded to the years the app can show (`app.core.periods`), for every date field."""

from datetime import date

from flask_wtf import FlaskForm

from app.core import periods


class Form(FlaskForm):
    class Meta:
        locales = ("fr_FR", "fr")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, date) and not periods.in_range(field.data):  # datetimes too
                field.errors = [*field.errors, periods.OUT_OF_RANGE]
                valid = False
        return valid
