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


# --- quoting a user's value in a message ----------------------------------------------------

EXCERPT = 40  # characters of a bad value quoted in a message
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape_control(match: re.Match) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """Control characters (ESC, BEL, NUL, bidirectional overrides…) written as ``\\x1b``: a
    message never rings the terminal, moves its cursor or reverses the text around it."""
    text = text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return _CONTROL.sub(_escape_control, text)


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """A value as quoted in a message: control characters escaped, at most ``limit``
    characters (then « … (N caractères) »)."""
    text = "" if value is None else str(value)
    if len(text) > limit:
        return f"{escape_controls(text[:limit])}… ({french_int(len(text))} caractères)"
    return escape_controls(text)


def check_length(text: str | None, max_len: int, label: str, field: str) -> str | None:
    """``text`` unchanged when at most ``max_len`` characters; else a DomainError naming the
    limit and the length received (the value itself is not echoed)."""
    if text is not None and len(text) > max_len:
        from .errors import DomainError
        raise DomainError(f"{label} : {french_int(max_len)} caractères au plus "
                          f"({french_int(len(text))} reçus).", field)
    return text
