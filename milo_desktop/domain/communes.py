"""French communes and postcodes, offline (INSEE's Code officiel géographique 2026 with La
Poste's postcodes, through ``@etalab/decoupage-administratif``; source and licence in
``milo_desktop/data/communes/README.md``).

Answers: is this postcode real, which communes have it, does this postcode/commune pair exist,
is an address inside the Mission Locale's territory. Names compare without accents, case,
hyphens or apostrophes, « St »/« Ste » read as « Saint »/« Sainte », « Fossat (Le) » as
« Le Fossat ». Loaded on first use and kept (about 40 000 lines). Pure: no Qt, no SQL.
"""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import DomainError
from .text import clean, fold

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "communes"
SOURCE = "INSEE, Code officiel géographique 2026 et codes postaux La Poste"
TERRITOIRE_KEY = "territoire.communes"  # the parameter keeping the territory's INSEE codes

GENRE_COMMUNE, GENRE_ARRONDISSEMENT, GENRE_DELEGUEE = "c", "a", "d"
_ORDER = {GENRE_COMMUNE: 0, GENRE_ARRONDISSEMENT: 1, GENRE_DELEGUEE: 2}

_FORMAT = re.compile(r"^[0-9]{5}$")
_SPACES = re.compile(r"\s+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_TRAILING_ARTICLE = re.compile(r"^(.*?)\s*\((l|le|la|les)\)$")
_CEDEX = re.compile(r"\s+cedex(\s+\d+)?$")


@dataclass(frozen=True)
class Commune:
    """One (postcode, commune) line. ``code_insee``: the commune's code (for an arrondissement
    or a commune déléguée, the code of the commune it belongs to)."""

    code_postal: str
    code_insee: str
    nom: str
    departement: str
    genre: str = GENRE_COMMUNE


@lru_cache(maxsize=65536)
def name_key(nom: str | None) -> str:
    """``"St-Jean-du-Falga"`` and ``"SAINT JEAN DU FALGA"`` -> ``"saint jean du falga"``."""
    text = fold(nom).replace(".", " ")
    text = _CEDEX.sub("", _SPACES.sub(" ", text).strip())
    article = _TRAILING_ARTICLE.match(text)
    if article:
        text = f"{article.group(2)} {article.group(1)}"
    text = text.replace("(", " ").replace(")", " ")
    return " ".join(_ABBREVIATIONS.get(w, w) for w in text.split())


class Referentiel:
    """The communes by postcode and by INSEE code, and the departments."""

    def __init__(self, lines: Iterable[Commune], departements: dict[str, str]):
        self.by_cp: dict[str, tuple[Commune, ...]] = {}
        grouped: dict[str, list[Commune]] = defaultdict(list)
        for c in lines:
            grouped[c.code_postal].append(c)
        for cp, found in grouped.items():
            self.by_cp[cp] = tuple(sorted(found, key=lambda c: _ORDER[c.genre]))  # file order
        self._postcodes_of: dict[str, list[str]] = defaultdict(list)
        self._commune: dict[str, Commune] = {}
        for cp, found in sorted(self.by_cp.items()):
            for c in found:
                if c.genre == GENRE_COMMUNE:
                    self._postcodes_of[c.code_insee].append(cp)
                    self._commune.setdefault(c.code_insee, c)
        self.departements = departements

    # --- postcodes ------------------------------------------------------------------------
    def is_postcode(self, code: str | None) -> bool:
        return (code or "") in self.by_cp

    def communes(self, code: str | None) -> tuple[Commune, ...]:
        """Every name of ``code``: communes first (most populated first), then arrondissements
        and communes déléguées."""
        return self.by_cp.get(code or "", ())

    def noms(self, code: str | None) -> list[str]:
        """The distinct names of ``code``, communes first (for a completer)."""
        return list(dict.fromkeys(c.nom for c in self.communes(code)))

    def matching(self, code: str | None, nom: str | None) -> tuple[Commune, ...]:
        key = name_key(nom)
        return tuple(c for c in self.communes(code) if key and name_key(c.nom) == key)

    def pair_exists(self, code: str | None, nom: str | None) -> bool:
        return bool(self.matching(code, nom))

    # --- communes -------------------------------------------------------------------------
    def commune(self, code_insee: str) -> Commune | None:
        """The commune of an INSEE code (its first postcode)."""
        return self._commune.get(code_insee)

    def postcodes_of(self, code_insee: str) -> list[str]:
        return list(self._postcodes_of.get(code_insee, ()))

    def all_communes(self) -> list[Commune]:
        """One line per commune (not arrondissements nor communes déléguées), by department
        then name."""
        return sorted(self._commune.values(), key=lambda c: (c.departement, fold(c.nom)))

    def search(self, text: str | None, limit: int = 500) -> list[Commune]:
        """Communes whose department code, postcode or name (start of a word) matches."""
        query = (text or "").strip()
        if not query:
            return []
        if query.upper() in self.departements or (query.isdigit() and len(query) <= 3):
            dep = query.upper().zfill(2) if query.isdigit() and len(query) < 2 else query.upper()
            found = [c for c in self.all_communes() if c.departement == dep]
            if found or not query.isdigit():
                return found[:limit]
        if query.isdigit():
            codes = [cp for cp in self.by_cp if cp.startswith(query)]
            found = {c.code_insee: self._commune[c.code_insee] for cp in sorted(codes)
                     for c in self.by_cp[cp] if c.code_insee in self._commune}
            return sorted(found.values(), key=lambda c: (c.departement, fold(c.nom)))[:limit]
        key = name_key(query)
        return [c for c in self.all_communes()
                if name_key(c.nom).startswith(key) or f" {key}" in f" {name_key(c.nom)}"][:limit]

    def resolve(self, code: str, kind: str | None = None) -> list[str]:
        """INSEE codes of a code read from a file: ``kind`` "insee" (``09122``, ``2A004``) or
        "postal" (every commune having that postcode); None: a postcode when it is one (the
        two kinds share 5 digits), else an INSEE code. Empty when neither."""
        code = code.strip().upper()
        if kind != "insee" and self.is_postcode(code):
            return list(dict.fromkeys(c.code_insee for c in self.communes(code)
                                      if c.code_insee in self._commune))
        return [code] if kind != "postal" and code in self._commune else []

    # --- territory ------------------------------------------------------------------------
    def hors_territoire(self, territoire: frozenset[str] | set[str], code: str | None,
                        nom: str | None) -> bool | None:
        """Whether an address is outside the communes ``territoire`` (INSEE codes): None when
        the territory is empty or the postcode unknown (nobody is flagged on a guess). The
        commune named with the postcode decides; an unknown name, any commune of the postcode."""
        if not territoire or not self.is_postcode(code):
            return None
        candidates = self.matching(code, nom) or self.communes(code)
        return not any(c.code_insee in territoire for c in candidates)


def _read_lines(path: Path) -> list[Commune]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [Commune(*line.rstrip("\n").split("\t")) for line in f if line.strip()]


def _read_departements(path: Path) -> dict[str, str]:
    rows = (line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines())
    return {code: nom for code, nom in rows}


@lru_cache(maxsize=4)
def referentiel(data_dir: Path = DATA_DIR) -> Referentiel:
    """The shipped referential, read once."""
    return Referentiel(_read_lines(data_dir / "communes.tsv.gz"),
                       _read_departements(data_dir / "departements.tsv"))


# --- validation -------------------------------------------------------------------------------

def validate_code_postal(value: str | None, field: str = "code_postal",
                         example: str = "31000, 97400") -> str | None:
    """A postcode of the official list, spaces removed; None when empty. Not five digits:
    « 5 chiffres attendus »; five digits that no commune has: said so."""
    raw = clean(value)
    if raw is None:
        return None
    code = _SPACES.sub("", raw)
    if not _FORMAT.match(code):
        raise DomainError(f"Code postal « {raw} » : 5 chiffres attendus (ex. {example}).", field)
    if not referentiel().is_postcode(code):
        raise DomainError(
            f"Code postal « {raw} » : aucune commune française n'a ce code postal "
            f"(liste officielle : {SOURCE}). Vérifiez-le sur un justificatif de domicile.", field)
    return code


def pair_warning(code: str | None, nom: str | None) -> str | None:
    """A French warning when the commune is not one of the postcode's, else None (also when
    either is empty or the postcode is not in the list: validation says that)."""
    code, nom = clean(code), clean(nom)
    ref = referentiel()
    if not code or not nom or not ref.is_postcode(code) or ref.pair_exists(code, nom):
        return None
    names = ref.noms(code)
    shown = ", ".join(names[:6]) + (" …" if len(names) > 6 else "")
    return (f"Commune « {nom} » : elle n'a pas le code postal {code} dans la liste officielle "
            f"(communes du {code} : {shown}). Vérifiez l'adresse ; gardez-la si la liste n'est "
            "pas encore à jour.")


def hors_territoire(territoire: frozenset[str] | set[str], code: str | None,
                    nom: str | None) -> bool | None:
    """:meth:`Referentiel.hors_territoire` on the shipped referential."""
    if not territoire:
        return None
    return referentiel().hors_territoire(territoire, code, nom)


# --- the territory read from a file -------------------------------------------------------------

_CELL_SPLIT = re.compile(r"[;,\t]")


@dataclass(frozen=True)
class TerritoireFichier:
    """The communes a territory file names (INSEE codes, file order) and its refused lines."""

    codes: tuple[str, ...]
    problems: tuple[str, ...]


def _header_kind(cells: list[str]) -> tuple[int, str | None] | None:
    for index, cell in enumerate(cells):
        key = fold(cell).replace(" ", "").replace("_", "")
        if "insee" in key or key in ("codecommune", "cog", "depcom"):
            return index, "insee"
        if "postal" in key or key in ("cp", "codepostal"):
            return index, "postal"
    return None


def parse_territoire(text: str, ref: Referentiel | None = None) -> TerritoireFichier:
    """A CSV (``;``, ``,`` or tab) of INSEE codes or postcodes, one a line, with or without a
    header (``code_insee`` / ``code_postal`` names the column; without one, the first column,
    a postcode when it is one). A number that lost its leading zero (``9100``) is read back."""
    ref = ref or referentiel()
    lines = [[c.strip().strip('"') for c in _CELL_SPLIT.split(line)] for line in text.splitlines()]
    header = _header_kind(lines[0]) if lines else None
    column, kind = header if header else (0, None)
    codes: dict[str, None] = {}
    problems: list[str] = []
    for number, cells in enumerate(lines[1:] if header else lines, start=2 if header else 1):
        raw = cells[column] if column < len(cells) else ""
        if not raw:
            continue
        code = raw.upper()
        if code.isdigit() and len(code) == 4:
            code = "0" + code  # a spreadsheet dropped the leading zero
        found = ref.resolve(code, kind)
        if found:
            codes.update(dict.fromkeys(found))
        else:
            what = {"insee": "code INSEE", "postal": "code postal"}.get(kind or "", "code INSEE ou postal")
            problems.append(f"ligne {number} : « {raw} » n'est pas un {what} de la liste officielle.")
    return TerritoireFichier(tuple(codes), tuple(problems))
