"""What the three import kinds share: a prepared row, progress, code lists, bulk writes.

A kind module (``jeunes``, ``entreprises``, ``offres``) exposes:

- ``lookups(directory) -> object``: what ``prepare`` needs (users, sites, ROME…);
- ``existing(session) -> object``: the keys already in the store, one query per key kind;
- ``prepare(values, line, lookups) -> Prepared``: values keyed by column name in, a validated
  row out, or ``ValidationError`` whose problems are keyed by column name;
- ``match(row, existing) -> id | None``: the record the row describes, ``DomainError`` when
  the row matches two different records;
- ``write(session, ctx, plan, ticker) -> Outcome``: Core bulk inserts/updates.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, update
from sqlalchemy.orm import Session

from ...domain.errors import DomainError
from ...domain.text import fold
from ...exchange.headers import normalise
from ...exchange.writing import Cancelled
from ...persistence.models.base import utcnow
from ..base import chunks as base_chunks

CHUNK = 1000  # rows per executemany, between two progress reports and cancel checks
Progress = Callable[..., None]
CancelCheck = Callable[[], bool]


@dataclass(frozen=True)
class Prepared:
    """One valid row. ``record``: values for the main table (None = not given in the file);
    ``keys``: its duplicate keys, each starting with the column that carries it;
    ``signature``: the mapped raw values (equal for an exact repeat)."""

    line: int
    label: str
    keys: tuple[tuple, ...]
    record: dict[str, Any]
    signature: tuple
    extra: Any = None
    if_new: tuple[str, str] | None = None  # (column, reason) refusing the row as a new record


@dataclass
class Plan:
    """What one run writes: new rows, ``(id, row)`` pairs to update, the ``existing`` policy."""

    new: list[Prepared]
    updates: list[tuple[uuid.UUID, Prepared]]
    mode: str
    author: str
    source: str  # the file's name, for history comments
    known: Any = None  # the kind's ``existing(session)``, read in the write transaction


@dataclass
class Outcome:
    """Counts of what a kind wrote besides its main records, and notes for the report."""

    details: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def count(self, what: str, n: int = 1) -> None:
        if n:
            self.details[what] = self.details.get(what, 0) + n


@dataclass(frozen=True)
class Directory:
    """Users and sites, to resolve a référent (e-mail or « Prénom Nom ») and a site by name."""

    users: Sequence[Any]
    sites: Sequence[Any]
    today: Any
    site_id: uuid.UUID | None

    @cached_property
    def _users(self) -> dict[str, set]:
        index: dict[str, set] = defaultdict(set)
        for u in self.users:
            for text in (u.email, f"{u.prenom} {u.nom}", f"{u.nom} {u.prenom}"):
                index[fold(text)].add((u.id, u.site_id))
        return index

    @cached_property
    def _sites(self) -> dict[str, uuid.UUID]:
        return {fold(s.nom): s.id for s in self.sites}

    @cached_property
    def _seen(self) -> dict[tuple[str, str], Any]:
        return {}

    def referent(self, text: str | None) -> tuple[uuid.UUID, uuid.UUID | None] | None:
        """``(user id, user's site id)``; DomainError when unknown or ambiguous."""
        return self._cached("referent", text, self._referent)

    def site(self, text: str | None) -> uuid.UUID | None:
        return self._cached("site", text, self._site)

    def _cached(self, what: str, text: str | None, resolve: Callable[[str | None], Any]) -> Any:
        """The same référent or site is written on thousands of rows: resolve it once."""
        key = (what, text or "")
        if key not in self._seen:
            try:
                self._seen[key] = resolve(text)
            except DomainError as err:
                self._seen[key] = err
        found = self._seen[key]
        if isinstance(found, DomainError):
            raise DomainError(found.message, found.field)
        return found

    def _referent(self, text: str | None) -> tuple[uuid.UUID, uuid.UUID | None] | None:
        key = fold(text)
        if not key:
            return None
        found = self._users.get(key, set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise DomainError(f"Référent « {text} » : plusieurs utilisateurs portent ce nom, "
                              "indiquez son adresse e-mail.", "referent")
        raise DomainError(f"Référent « {text} » : aucun utilisateur de MILO Desktop n'a cet e-mail "
                          "ou ce nom (Outils > Paramètres > Utilisateurs).", "referent")

    def _site(self, text: str | None) -> uuid.UUID | None:
        key = fold(text)
        if not key:
            return None
        if key in self._sites:
            return self._sites[key]
        names = ", ".join(f"« {s.nom} »" for s in self.sites) or "aucun site déclaré"
        raise DomainError(f"Site « {text} » inconnu (sites : {names}).", "site")


# --- values ---------------------------------------------------------------------------------

def given(values: dict[str, str], name: str) -> str | None:
    """A cell's text (the reader already trimmed it), None when empty or not in the file."""
    return values.get(name) or None


def resolve_code(codes: Sequence[tuple[Any, str]], text: str | None, label: str, field: str,
                 aliases: dict[str, str] | None = None) -> Any:
    """The code of a code list written as its code, its libellé, an alias or the unique code
    or libellé it begins (``"prospection"`` -> ``prospection_ml``); empty gives None."""
    key = normalise(text)
    if not key:
        return None
    known = {normalise(str(code)): code for code, _ in codes}
    known.update({normalise(lib): code for code, lib in codes})
    known.update({normalise(a): code for a, code in (aliases or {}).items()})
    if key in known:
        return known[key]
    starting = {code for k, code in known.items() if len(key) >= 3 and k.startswith(key)}
    if len(starting) == 1:
        return starting.pop()
    allowed = ", ".join(str(code) for code, _ in codes)
    raise DomainError(f"{label} « {text} » inconnu(e) : valeurs possibles {allowed}.", field)


def signature(values: dict[str, str]) -> tuple:
    """The row's mapped values (always in the mapping's order): equal for an exact repeat."""
    return tuple(values.values())


# --- progress and cancel --------------------------------------------------------------------

class Ticker:
    """Reports ``(done, total, message)`` and raises Cancelled when the user asked to stop."""

    def __init__(self, total: int, progress: Progress | None, cancel: CancelCheck | None,
                 message: str = ""):
        self.done, self.total, self.message = 0, total, message
        self.progress, self.cancel = progress, cancel

    def check(self) -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled()

    def step(self, n: int) -> None:
        self.done += n
        self.check()
        if self.progress is not None:
            self.progress(self.done, self.total, self.message)


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    return base_chunks(items, size)


# --- bulk writes ----------------------------------------------------------------------------

def stamps(author: str, now: datetime | None = None) -> dict[str, Any]:
    """The Tracked columns of a new record."""
    now = now or utcnow()
    return {"version": 1, "created_at": now, "updated_at": now,
            "created_by": author, "updated_by": author}


def insert_rows(session: Session, table: Table, rows: list[dict]) -> None:
    if rows:
        session.execute(insert(table), rows)


def update_given(session: Session, table: Table, columns: Iterable[str],
                 rows: list[tuple[uuid.UUID, dict]], author: str) -> None:
    """UPDATE by id, each listed column set only when the row gives a value (COALESCE keeps the
    stored one for None); bumps ``version`` like the ORM's optimistic locking would."""
    if not rows:
        return
    columns = list(columns)
    values = {c: func.coalesce(bindparam(f"p_{c}", type_=table.c[c].type), table.c[c])
              for c in columns}
    stmt = (update(table).where(table.c.id == bindparam("p_id"))
            .values(**values, version=table.c.version + 1, updated_at=bindparam("p_now"),
                    updated_by=bindparam("p_author")))
    now = utcnow()
    params = [{"p_id": id_, "p_now": now, "p_author": author,
               **{f"p_{c}": record.get(c) for c in columns}} for id_, record in rows]
    from ...security import audit
    audit.changes(session, "modification", table.name,
                  [(id_, [c for c in columns if record.get(c) is not None]) for id_, record in rows])
    with audit.passing(session) as conn:
        conn.execute(stmt, params)


def set_rows(session: Session, table: Table, columns: Sequence[str],
             rows: list[tuple[uuid.UUID, dict]], author: str | None = None) -> None:
    """UPDATE by id setting exactly the given columns (None included); with ``author``, a
    tracked record's version and authorship too."""
    if not rows:
        return
    values: dict[str, Any] = {c: bindparam(f"p_{c}", type_=table.c[c].type) for c in columns}
    if author is not None:
        values.update(version=table.c.version + 1, updated_at=utcnow(), updated_by=author)
    stmt = update(table).where(table.c.id == bindparam("p_id")).values(values)
    params = [{"p_id": id_, **{f"p_{c}": rec.get(c) for c in columns}} for id_, rec in rows]
    from ...security import audit
    audit.changes(session, "modification", table.name, [(id_, columns) for id_, _rec in rows])
    with audit.passing(session) as conn:
        conn.execute(stmt, params)


def in_chunks(session: Session, query_for: Callable[[Sequence[Any]], Any],
              ids: Sequence[Any]) -> list[Any]:
    """Rows of ``query_for(chunk)`` for every chunk of ids (SQLite bounds bound parameters)."""
    rows: list[Any] = []
    for part in chunks(list(ids)):
        rows.extend(session.execute(query_for(part)).all())
    return rows
