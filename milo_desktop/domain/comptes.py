"""Accounts: identifiers, the password policy and the lock-out rule (pure rules, no storage).

Password policy: the CNIL's 2022 recommendation (délibération n° 2022-100) for a password that
also protects an encryption key, where no lock-out can slow an attacker down: at least 12
characters of the four kinds, or 14 of three kinds, or a passphrase of at least 7 words.
"""

from __future__ import annotations

import re
import string
from datetime import datetime, timedelta

from .errors import DomainError

MAX_FAILURES = 5                       # failures in a row before the account locks
LOCK_MINUTES = 15                      # first lock; each further lock doubles it
LOCK_MAX_MINUTES = 24 * 60
LOGIN_REFUSED = ("Identifiant ou mot de passe incorrect. Après 5 essais manqués, le compte est "
                 "verrouillé pendant 15 minutes.")

_IDENT = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")
_WORD_SPLIT = re.compile(r"[\s\-_.,;:/+]+")
KINDS = (
    ("minuscules", str.islower),
    ("majuscules", str.isupper),
    ("chiffres", str.isdigit),
    ("caractères spéciaux", lambda c: not c.isalnum()),
)
POLICY_TEXT = ("Au moins 12 caractères mêlant minuscules, majuscules, chiffres et caractères "
               "spéciaux, ou au moins 14 caractères de trois de ces sortes, ou une phrase de "
               "passe d'au moins 7 mots.")


def check_identifiant(value: str | None) -> str:
    ident = (value or "").strip().lower()
    if not _IDENT.match(ident):
        raise DomainError("L'identifiant doit compter de 2 à 60 caractères : lettres minuscules "
                          "sans accent, chiffres, point, tiret ou souligné.", "identifiant")
    return ident


def kinds_of(password: str) -> list[str]:
    return [name for name, test in KINDS if any(test(c) for c in password)]


def passphrase_words(password: str) -> list[str]:
    return [w for w in _WORD_SPLIT.split(password.strip()) if len(w) >= 2]


def password_problem(password: str, identifiant: str | None = None) -> str | None:
    """Why ``password`` is refused (French), or None when the policy accepts it."""
    if not password:
        return "Le mot de passe est vide. " + POLICY_TEXT
    if identifiant and identifiant.lower() in password.lower():
        return "Le mot de passe ne doit pas contenir l'identifiant."
    kinds = kinds_of(password)
    length = len(password)
    if length >= 12 and len(kinds) == 4:
        return None
    if length >= 14 and len(kinds) >= 3:
        return None
    if len(passphrase_words(password)) >= 7:
        return None
    missing = [name for name, _test in KINDS if name not in kinds]
    if length < 12:
        reason = f"il compte {length} caractère{'s' if length > 1 else ''} (12 au moins)"
    elif length < 14:
        reason = f"il compte {length} caractères et il y manque : {', '.join(missing)}"
    else:
        reason = f"il n'utilise que {len(kinds)} sorte(s) de caractères (il manque : {', '.join(missing)})"
    return f"Mot de passe trop faible : {reason}. {POLICY_TEXT}"


def check_password(password: str, identifiant: str | None = None) -> str:
    problem = password_problem(password, identifiant)
    if problem:
        raise DomainError(problem, "mot_de_passe")
    return password


def lock_duration(locks_so_far: int) -> timedelta:
    """15 minutes for the first lock, doubling after (capped at a day)."""
    minutes = LOCK_MINUTES * (2 ** max(0, locks_so_far))
    return timedelta(minutes=min(minutes, LOCK_MAX_MINUTES))


def is_locked(until: datetime | None, now: datetime) -> bool:
    return until is not None and now < until


__all__ = ["MAX_FAILURES", "LOGIN_REFUSED", "POLICY_TEXT", "check_identifiant", "check_password",
           "password_problem", "lock_duration", "is_locked", "string"]
