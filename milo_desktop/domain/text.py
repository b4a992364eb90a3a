"""Text folding for accent- and case-insensitive search and duplicate detection."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\-'’]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(text: str | None) -> str:
    """``"Éloïse  D'Œuvre"`` -> ``"eloise d oeuvre"``: no accents, lower case, single spaces."""
    if not text:
        return ""
    text = text.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def clean(text: str | None) -> str | None:
    """Trim; empty becomes None."""
    if text is None:
        return None
    text = str(text).strip()
    return text or None


NNBSP = "\u202f"  # narrow no-break space: French thousands separator


def french_int(value: int) -> str:
    """``12 345``: grouped by thousands with a narrow no-break space, as French writes it."""
    return f"{value:,}".replace(",", NNBSP)


def de(name: str | None) -> str:
    """« de » before a name, elided before a vowel as French writes it: ``de Léa``,
    ``d'Océane``, ``d'Yvan`` (generated texts: e-mails, messages)."""
    name = (name or "").strip()
    first = fold(name[:1])
    return f"d'{name}" if first and first in "aeiouy" else f"de {name}"
