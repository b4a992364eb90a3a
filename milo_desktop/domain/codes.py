"""Coded values (contract types, needs, statuses…): a code from its list, or a French refusal."""

from __future__ import annotations

from collections.abc import Sequence

from .errors import DomainError
from .text import clean

Codes = Sequence[tuple[str, str]]  # (code, French label)


def check_code(codes: Codes, code: str | None, field: str, nom: str) -> str | None:
    """``code`` if it belongs to ``codes`` (empty gives None); otherwise a DomainError."""
    code = clean(code)
    if code is None or code in dict(codes):
        return code
    raise DomainError(f"{nom} : valeur « {code} » inconnue.", field)


def required_code(codes: Codes, code: str | None, field: str, nom: str) -> str:
    """Like :func:`check_code`, and an empty value is refused."""
    checked = check_code(codes, code, field, nom)
    if checked is None:
        raise DomainError(f"{nom} : obligatoire.", field)
    return checked
