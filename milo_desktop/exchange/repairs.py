"""Undo what spreadsheet programs do to codes typed in a cell, before any validation.

Excel and LibreOffice store ``09000`` typed in a cell (or read from a CSV) as the number 9000,
``0612345678`` as 612345678 and an all-digit France Travail identifier ``01234567`` as
1234567. The reader gives these back as text (``"9000"``); :func:`repair` puts the zeros back
for the columns where a number can only be a code, and says what it changed so the report can
tell the user. Validation (postcode, phone, identifier) then runs on the repaired value,
unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_DIGITS = re.compile(r"^[0-9]+$")


@dataclass(frozen=True)
class Repair:
    """``column`` (schema name) read as ``before`` and used as ``after``."""

    column: str
    before: str
    after: str
    why: str

    def note(self, label: str) -> str:
        return (f"{label} « {self.before} » lu comme « {self.after} » ({self.why})")


def postcode(text: str) -> str | None:
    """``9000`` -> ``09000``: a 4-digit postcode lost the 0 of departments 01 to 09."""
    return "0" + text if len(text) == 4 and _DIGITS.match(text) else None


def phone(text: str) -> str | None:
    """``612345678`` -> ``0612345678``: 9 digits are a French number that lost its 0."""
    return "0" + text if len(text) == 9 and _DIGITS.match(text) and text[0] != "0" else None


def identifiant_ft(text: str) -> str | None:
    """``1234567`` -> ``01234567``: an all-digit identifier stored as a number lost its zeros
    (identifiers have 8 characters)."""
    if 4 <= len(text) < 8 and _DIGITS.match(text):
        return text.rjust(8, "0")
    return None


WHY = {
    postcode: "zéro initial rétabli : le tableur avait enregistré le code comme un nombre",
    phone: "zéro initial rétabli : le tableur avait enregistré le numéro comme un nombre",
    identifiant_ft: "zéros initiaux rétablis : le tableur avait enregistré l'identifiant "
                    "comme un nombre",
}

# schema column name -> repair, for every import kind (names are shared across kinds)
REPAIRS: dict[str, Callable[[str], str | None]] = {
    "code_postal": postcode,
    "telephone": phone,
    "contact_telephone": phone,
    "identifiant_ft": identifiant_ft,
}


def repair(values: dict[str, str]) -> tuple[dict[str, str], tuple[Repair, ...]]:
    """``values`` (keyed by schema column) with the damaged codes repaired, and the repairs."""
    done: list[Repair] = []
    for name, fix in REPAIRS.items():
        text = values.get(name)
        if not text:
            continue
        fixed = fix(text.strip())
        if fixed is not None:
            done.append(Repair(name, text, fixed, WHY[fix]))
    if not done:
        return values, ()
    repaired = dict(values)
    repaired.update((r.column, r.after) for r in done)
    return repaired, tuple(done)
