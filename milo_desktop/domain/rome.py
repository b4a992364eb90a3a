"""ROME referential (Répertoire Opérationnel des Métiers et des Emplois), offline.

A fiche is a code — one letter A–N (the grand domaine) and 4 digits, ``"M1607"`` — and a
libellé. The application ships ``milo_desktop/data/rome/rome.csv`` (source and licence in the
README beside it); an administrator can replace it with France Travail's official file through
:func:`parse_rome_csv`. Pure functions: no Qt, no SQL.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from .errors import DomainError, ValidationError
from .text import fold

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "rome" / "rome.csv"

CODE_ROME = re.compile(r"^[A-N][0-9]{4}$")
FORMAT_HINT = "une lettre de A à N suivie de 4 chiffres, ex. M1607"

GRANDS_DOMAINES: tuple[tuple[str, str], ...] = (
    ("A", "Agriculture et Pêche, Espaces naturels et Espaces verts, Soins aux animaux"),
    ("B", "Arts et Façonnage d'ouvrages d'art"),
    ("C", "Banque, Assurance, Immobilier"),
    ("D", "Commerce, Vente et Grande distribution"),
    ("E", "Communication, Média et Multimédia"),
    ("F", "Construction, Bâtiment et Travaux publics"),
    ("G", "Hôtellerie-Restauration, Tourisme, Loisirs et Animation"),
    ("H", "Industrie"),
    ("I", "Installation et Maintenance"),
    ("J", "Santé"),
    ("K", "Services à la personne et à la collectivité"),
    ("L", "Spectacle"),
    ("M", "Support à l'entreprise"),
    ("N", "Transport et Logistique"),
)

_CODE_HEADERS = ("code_rome", "code", "rome", "coderome")
_LABEL_HEADERS = ("libelle_rome", "libelle", "intitule_rome", "intitule", "libelle_fiche")
_MAX_REPORTED = 20
_CODE_PREFIX = re.compile(r"^[a-n]\d{0,4}$")


# ---------------------------------------------------------------- codes


def normalize_code_rome(code: str | None) -> str:
    """``" m1607 "`` -> ``"M1607"``."""
    return re.sub(r"\s+", "", code or "").upper()


def is_code_rome(code: str | None) -> bool:
    """True when ``code`` has the ROME format (letter A–N + 4 digits), known or not."""
    return bool(CODE_ROME.match(normalize_code_rome(code)))


def domaine_of(code: str) -> str:
    """Label of the grand domaine of a code (``"M1607"`` -> ``"Support à l'entreprise"``)."""
    return dict(GRANDS_DOMAINES).get(normalize_code_rome(code)[:1], "")


def validate_code_rome(code: str | None, known: Mapping[str, str]) -> str:
    """The normalised code, if well formed and present in ``known``; else a French refusal."""
    raw = (code or "").strip()
    value = normalize_code_rome(raw)
    if not value:
        raise DomainError("Code ROME : champ obligatoire.", "code_rome")
    if not CODE_ROME.match(value):
        raise DomainError(f"Code ROME « {raw} » : format attendu {FORMAT_HINT}.", "code_rome")
    if value not in known:
        raise DomainError(
            f"Code ROME « {value} » inconnu du référentiel : choisissez un métier dans la liste.",
            "code_rome",
        )
    return value


# ---------------------------------------------------------------- loading


def load_referentiel(path: str | Path | None = None) -> dict[str, str]:
    """Code -> libellé from a ROME CSV (default: the shipped one). Parsed once per path."""
    return dict(_load_cached(str(Path(path) if path else DEFAULT_PATH)))


@lru_cache(maxsize=8)
def _load_cached(path: str) -> tuple[tuple[str, str], ...]:
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise DomainError(f"Référentiel ROME introuvable ou illisible : {path} ({err.strerror}).")
    return tuple(parse_rome_csv(data).items())


def clear_referentiel_cache() -> None:
    """Forget parsed files (after an administrator replaced one)."""
    _load_cached.cache_clear()


# ---------------------------------------------------------------- search


def search_rome(query: str, referentiel: Mapping[str, str], limit: int = 20) -> list[tuple[str, str]]:
    """Fiches matching ``query``, best first, accent- and case-insensitive.

    A code or code prefix (``"m16"``) matches codes; otherwise every word of the query must
    appear in the libellé. Order: exact code, code prefix, libellé starting with the query,
    every word starting a word of the libellé, then other matches; ties by code for code
    matches, by libellé otherwise.
    """
    q = fold(query)
    if not q or limit <= 0:
        return []
    scored = []
    for code, label in referentiel.items():
        folded = fold(label)
        rank = _rank(q, code, folded)
        if rank is not None:
            scored.append((rank, code if rank <= 1 else folded, code, label))
    scored.sort()
    return [(code, label) for _, _, code, label in scored[:limit]]


def _rank(q: str, code: str, label: str) -> int | None:
    c, compact = code.casefold(), q.replace(" ", "")
    if compact == c:
        return 0
    if _CODE_PREFIX.match(compact) and c.startswith(compact):
        return 1
    words = q.split()
    if not all(w in label for w in words):
        return None
    if label.startswith(q):
        return 2
    starts = {lw for lw in re.split(r"[^a-z0-9]+", label) if lw}
    if all(any(s.startswith(w) for s in starts) for w in words):
        return 3
    return 4


# ---------------------------------------------------------------- administrator import


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as French Excel writes it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_rome_csv(text: str | bytes) -> dict[str, str]:
    """Read a ROME file (code + libellé per line) into ``{code: libellé}`` sorted by code.

    Separator ``;``, ``,`` or tab; header names found by alias (``code``/``code_rome``,
    ``libelle``/``libellé``/``libelle_rome``/``intitulé``…), other columns ignored; a file
    whose first line already holds a code is read as ``code;libellé``. Every faulty line is
    reported with its number in one ValidationError; nothing is returned partially.
    """
    if isinstance(text, bytes):
        text = decode_csv(text)
    text = text.lstrip("\ufeff")
    rows = [(n, row) for n, row in enumerate(_reader(text), start=1) if any(c.strip() for c in row)]
    if not rows:
        raise DomainError("Fichier ROME vide : aucune ligne à importer.", "fichier")
    code_col, label_col, body = _columns(rows)
    result, problems, seen = {}, {}, {}
    for n, row in body:
        _read_row(n, row, code_col, label_col, result, problems, seen)
    if problems:
        raise ValidationError(_capped(problems))
    if not result:
        raise DomainError("Fichier ROME : aucune fiche trouvée après l'en-tête.", "fichier")
    return dict(sorted(result.items()))


def _reader(text: str):
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first else "\t" if "\t" in first else ","
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def _columns(rows):
    n, header = rows[0]
    if is_code_rome(header[0]) and len(header) >= 2:
        return 0, 1, rows
    names = [fold(h).replace(" ", "_") for h in header]
    code_col = next((names.index(a) for a in _CODE_HEADERS if a in names), None)
    label_col = next((names.index(a) for a in _LABEL_HEADERS if a in names), None)
    if code_col is None or label_col is None:
        raise DomainError(
            f"Ligne {n} : en-têtes non reconnus ({'; '.join(header)}). Colonnes attendues : "
            "« code » (ou code_rome) et « libelle » (ou libellé, libelle_rome, intitulé).",
            "fichier",
        )
    return code_col, label_col, rows[1:]


def _read_row(n, row, code_col, label_col, result, problems, seen) -> None:
    key = f"ligne {n}"
    raw = row[code_col].strip() if code_col < len(row) else ""
    code = normalize_code_rome(raw)
    label = " ".join(row[label_col].split()) if label_col < len(row) else ""
    if not CODE_ROME.match(code):
        problems[key] = f"Ligne {n} : code ROME « {raw} » invalide ({FORMAT_HINT})."
    elif not label:
        problems[key] = f"Ligne {n} : libellé manquant pour le code {code}."
    elif code in result and result[code] != label:
        problems[key] = (
            f"Ligne {n} : le code {code} figure déjà ligne {seen[code]} avec un autre libellé "
            f"(« {result[code]} »)."
        )
    elif code not in result:
        result[code], seen[code] = label, n


def _capped(problems: dict[str, str]) -> dict[str, str]:
    if len(problems) <= _MAX_REPORTED:
        return problems
    kept = dict(list(problems.items())[:_MAX_REPORTED])
    kept["autres"] = f"… et {len(problems) - _MAX_REPORTED} autre(s) ligne(s) en erreur."
    return kept
