"""The base of every form: WTForms' own messages in French (its built-in translations)."""

from flask_wtf import FlaskForm


class Form(FlaskForm):
    class Meta:
        locales = ("fr_FR", "fr")
