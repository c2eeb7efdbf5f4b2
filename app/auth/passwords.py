"""Argon2id hashing and the password rules (length, not among the most common, no context)."""

import re
import unicodedata
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
MIN_LENGTH_PRIVILEGED = 16  # admins and ward managers
MAX_LENGTH = 128
# Words anyone would try first against a hospital account.
CONTEXT_WORDS = ("chu", "montpellier", "hopital", "hopitaux", "azerty", "motdepasse", "password")


def _hasher() -> PasswordHasher:
    config = current_app.config
    key = (config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"])
    return _hasher_for(*key)


@cache
def _hasher_for(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


_DUMMY: dict[str, str] = {}


def burn_verification_time(password: str) -> None:
    """Verify against a dummy hash so an unknown matricule costs as long as a wrong password."""
    config = current_app.config
    key = f"{config['ARGON2_TIME_COST']}:{config['ARGON2_MEMORY_COST']}"
    if key not in _DUMMY:
        _DUMMY[key] = hash_password("not-a-real-password-for-timing")
    verify_password(_DUMMY[key], password)


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def password_problems(password: str, *, context: tuple[str, ...] = (), privileged: bool = False) -> list[str]:
    """What is wrong with a new password, in French; empty when it is acceptable."""
    minimum = MIN_LENGTH_PRIVILEGED if privileged else MIN_LENGTH
    if len(password) < minimum:
        return [f"Le mot de passe doit compter au moins {minimum} caractères."]
    if len(password) > MAX_LENGTH:
        return [f"Le mot de passe ne peut pas dépasser {MAX_LENGTH} caractères."]
    folded = _fold(password)
    core = re.sub(r"[^a-z0-9]", "", folded)
    if folded in _common_passwords() or core in _common_passwords() or len(set(folded)) < 4:
        return ["Ce mot de passe fait partie des plus courants : choisissez-en un autre."]
    remainder = core
    words = [_fold(w) for w in (*CONTEXT_WORDS, *context) if w and len(w) >= 3]
    for word in sorted(words, key=len, reverse=True):
        remainder = remainder.replace(re.sub(r"[^a-z0-9]", "", word), "")
    stripped = re.sub(r"\d", "", remainder)
    if len(remainder) < 8 or len(stripped) < 4:
        return [
            "Ce mot de passe est trop facile à deviner (chiffres seuls, matricule, nom, CHU…) : "
            "choisissez plutôt une courte phrase à vous."
        ]
    return []
