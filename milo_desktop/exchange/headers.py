"""Match a file's column headers to an import schema, and read French-written values.

``"Date de naissance"``, ``"date_naissance"``, ``"DN"`` and ``"Né(e) le"`` all name the same
column: headers are compared after :func:`normalise` (no accents, case, spaces or punctuation),
against each column's name, label and aliases. What cannot be matched is reported so the GUI's
column-mapping step can let the user decide (:func:`apply_mapping`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping as MappingABC, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal

from milo_desktop.domain.errors import DomainError
from milo_desktop.domain.text import fold

Kind = Literal["text", "date", "int", "decimal", "bool", "code"]
KINDS: frozenset[str] = frozenset({"text", "date", "int", "decimal", "bool", "code"})

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@dataclass(frozen=True)
class ColumnSpec:
    """One importable column. ``name`` is the field the services expect."""

    name: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    kind: Kind = "text"
    description: str = ""
    example: str = ""
    need: str = ""  # when required only with or without another column (« SIRET ou Entreprise »)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: unknown kind {self.kind!r}")


Schema = Sequence[ColumnSpec]


@dataclass(frozen=True)
class Mapping:
    """``mapping``: file header -> column name; ``unknown``: file headers left out;
    ``missing_required``: required column names no header provides."""

    mapping: dict[str, str]
    unknown: list[str]
    missing_required: list[str]
    headers: tuple[str, ...] = field(default=(), repr=False)
    schema: tuple[ColumnSpec, ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        return not self.missing_required


# --- header matching ------------------------------------------------------------------------

def normalise(header: str | None) -> str:
    """``"Né(e) le"`` -> ``"neele"``, ``" Code_Postal "`` -> ``"codepostal"``."""
    return _NOT_ALNUM.sub("", fold(header))


def _keys(header: str) -> list[str]:
    """Lookup keys, best first: the whole header, then without its bracketed hints
    (``"Date de naissance (jj/mm/aaaa)"``)."""
    keys = [normalise(header), normalise(_PARENTHESES.sub(" ", header))]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


def header_index(schema: Schema) -> dict[str, str]:
    """Normalised name/label/alias -> column name. Two columns claiming one key is a bug."""
    index: dict[str, str] = {}
    for spec in schema:
        for text in (spec.name, spec.label, *spec.aliases):
            key = normalise(text)
            owner = index.setdefault(key, spec.name)
            if owner != spec.name:
                raise ValueError(f"header {text!r} claimed by both {owner!r} and {spec.name!r}")
    return index


def match_headers(file_headers: Iterable[str], schema: Schema) -> Mapping:
    """Map each file header to a schema column; the first header to claim a column keeps it."""
    index = header_index(schema)
    headers = tuple(file_headers)
    mapping: dict[str, str] = {}
    for header in headers:
        name = _lookup(header, index)
        if name is not None and name not in mapping.values():
            mapping[header] = name
    return _build(headers, tuple(schema), mapping)


def _lookup(header: str, index: dict[str, str]) -> str | None:
    for key in _keys(header):
        if key in index:
            return index[key]
    return None


def _build(headers: tuple[str, ...], schema: tuple[ColumnSpec, ...], mapping: dict[str, str]) -> Mapping:
    used = set(mapping.values())
    unknown = [h for h in headers if h not in mapping]
    missing = [s.name for s in schema if s.required and s.name not in used]
    return Mapping(mapping, unknown, missing, headers, schema)


def apply_mapping(mapping: Mapping, overrides: MappingABC[str, str | None]) -> Mapping:
    """The user's choices from the column-mapping step: ``{file header: column name}``, or
    ``{file header: None}`` to ignore a column. A column taken by an override is released by
    the header that had it automatically."""
    names = {s.name for s in mapping.schema}
    _check_overrides(mapping, overrides, names)
    chosen = {h: n for h, n in overrides.items() if n is not None}
    result = {h: n for h, n in mapping.mapping.items()
              if h not in overrides and n not in chosen.values()}
    result.update(chosen)
    ordered = {h: result[h] for h in mapping.headers if h in result}
    return _build(mapping.headers, mapping.schema, ordered)


def _check_overrides(mapping: Mapping, overrides: MappingABC[str, str | None], names: set[str]) -> None:
    seen: dict[str, str] = {}
    for header, name in overrides.items():
        if header not in mapping.headers:
            raise DomainError(f"La colonne « {header} » n'existe pas dans le fichier.", "colonnes")
        if name is None:
            continue
        if name not in names:
            raise DomainError(f"« {name} » n'est pas une colonne de cet import.", "colonnes")
        if name in seen:
            label = _label(mapping.schema, name)
            raise DomainError(
                f"La colonne « {label} » est associée à deux colonnes du fichier : "
                f"« {seen[name]} » et « {header} ». Choisissez-en une seule.", "colonnes")
        seen[name] = header


def _label(schema: Iterable[ColumnSpec], name: str) -> str:
    return next((s.label for s in schema if s.name == name), name)


def mapped_values(values: MappingABC[str, str], mapping: Mapping) -> dict[str, str]:
    """A row's values keyed by column name (only mapped columns)."""
    return {name: values.get(header, "") for header, name in mapping.mapping.items()}


# --- value parsers --------------------------------------------------------------------------

_TRUE = frozenset({"oui", "o", "vrai", "1", "x", "yes", "y", "true"})
_FALSE = frozenset({"non", "n", "faux", "0", "no", "false"})
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_INT = re.compile(r"^[-+]?\d+(?:[.,]0+)?$")
_PLAIN_DECIMAL = re.compile(r"^[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")
_GROUPED = re.compile(r"^[-+]?\d{1,3}(?:(?P<sep>[.,])\d{3})+(?:(?!(?P=sep))[.,]\d*)?$")


def _raw(text: object) -> str:
    return "" if text is None else str(text).strip()


def _compact(raw: str) -> str:
    """No spaces (also the no-break ones French formatting uses) and a plain minus sign."""
    return _SPACES.sub("", raw).replace("\u2212", "-")


def _cap(label: str) -> str:
    return label[:1].upper() + label[1:]


def parse_bool_fr(text: object, label: str = "valeur") -> bool | None:
    """oui/non, o/n, vrai/faux, 1/0, x (a ticked box), yes/no; empty gives None."""
    raw = _raw(text)
    if not raw:
        return None
    key = fold(raw)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise DomainError(f"{_cap(label)} « {raw} » : répondez oui ou non.", label)


def parse_int_fr(text: object, label: str = "nombre") -> int | None:
    """``"1 234"`` (ordinary, no-break or narrow no-break space), ``"12"``, ``"12,0"``."""
    raw = _raw(text)
    if not raw:
        return None
    compact = _compact(raw)
    if not _INT.match(compact):
        raise DomainError(f"{_cap(label)} « {raw} » : nombre entier attendu.", label)
    return int(re.split(r"[.,]", compact)[0])


def parse_decimal_fr(text: object, label: str = "nombre") -> Decimal | None:
    """``"5,26"``, ``"5.26"``, ``"5,26 %"`` (the number as written: 5.26), ``"1 234,5"``,
    ``"1.234,50"``; one separator alone is the decimal one."""
    raw = _raw(text)
    if not raw:
        return None
    compact = _compact(raw).removesuffix("%").removesuffix("€")
    number = _decimal_text(compact)
    if number is None:
        raise DomainError(f"{_cap(label)} « {raw} » : nombre attendu (exemple : 5,26).", label)
    try:
        return Decimal(number)
    except InvalidOperation:  # pragma: no cover - the patterns only let digits through
        raise DomainError(f"{_cap(label)} « {raw} » : nombre attendu.", label) from None


def _decimal_text(compact: str) -> str | None:
    if _PLAIN_DECIMAL.match(compact):
        return compact.replace(",", ".")
    match = _GROUPED.match(compact)
    if match and ("." in compact) and ("," in compact):
        group = match.group("sep")
        return compact.replace(group, "").replace(",", ".")
    return None
