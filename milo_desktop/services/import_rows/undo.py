"""The safety copy of an import: what it created and what it changed, enough to undo it.

A full backup of the store before every import costs what the store costs (1 s at 100 000
young people, 3 s and 2 GB of disk at 300 000, each time). An import only inserts records and
updates some: its undo needs the ids it inserted and the rows it updated as they were. The
bulk-write helpers of :mod:`.common` report both to the :class:`Journal` held in the write
session's ``info``; the journal is saved, before the import commits, as a small SQLite file in
the backups folder. :func:`undo` applies it back in one transaction — refused when a record the
import touched has been changed since (then restore a full backup).
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Column, MetaData, Table, create_engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.errors import DomainError
from ...persistence.models.base import Base

KEY = "import_journal"
# Named apart from the full backups (``milo-AAAAMMJJ-…``): their pruning (the 10 most recent)
# does not count these small files.
PREFIX, USED = "annulation-", "annule-"
_CREATED = "_cree"


class Journal:
    """Ids inserted and rows as they were before an update, per table, in order of first use."""

    def __init__(self) -> None:
        self.created: dict[str, list[Any]] = {}
        self.created_ids: set[tuple[str, Any]] = set()
        self.before: dict[str, dict[Any, dict]] = {}

    def inserted(self, table: Table, rows: list[dict]) -> None:
        ids = [r["id"] for r in rows if "id" in r]
        self.created.setdefault(table.name, []).extend(ids)
        self.created_ids.update((table.name, i) for i in ids)

    def will_update(self, session: Session, table: Table, ids: list[Any]) -> None:
        """Keep the rows of ``ids`` as they are now (once; not those this import created)."""
        held = self.before.setdefault(table.name, {})
        wanted = [i for i in ids if i not in held and (table.name, i) not in self.created_ids]
        for start in range(0, len(wanted), 500):
            part = wanted[start:start + 500]
            for row in session.execute(select(table).where(table.c.id.in_(part))).mappings():
                held[row["id"]] = dict(row)

    def save(self, path: Path) -> Path:
        """The journal as an SQLite file: one table per store table (its columns, no
        constraints) for the rows before, and ``_cree (tbl, id)`` for the inserts."""
        con = sqlite3.connect(path)
        try:
            with con:  # the ids: plain sqlite3 (tens of thousands of short rows)
                con.execute(f"CREATE TABLE {_CREATED} (n TEXT PRIMARY KEY, tbl TEXT, id TEXT)")
                con.executemany(
                    f"INSERT INTO {_CREATED} VALUES (?, ?, ?)",
                    ((f"{n:09d}", name, _key(i)) for n, (name, i) in enumerate(
                        (name, i) for name, ids in self.created.items() for i in ids)))
        finally:
            con.close()
        copies = {name: rows for name, rows in self.before.items() if rows}
        if copies:  # the rows before an update: through the columns' own types
            engine = create_engine(f"sqlite:///{path}")
            try:
                meta = MetaData()
                tables = {name: _copy_of(meta, name) for name in copies}
                meta.create_all(engine)
                with engine.begin() as connection:
                    for name, table in tables.items():
                        connection.execute(insert(table), list(copies[name].values()))
            finally:
                engine.dispose()
        return path


def _copy_of(meta: MetaData, name: str) -> Table:
    source = Base.metadata.tables[name]
    return Table(name, meta, *[Column(c.name, c.type) for c in source.columns])


def _key(value: Any) -> str:
    return value.hex if isinstance(value, uuid.UUID) else str(value)


def journal_of(session: Session) -> Journal | None:
    return session.info.get(KEY)


# --- undo -----------------------------------------------------------------------------------

def undo(session: Session, path: Path) -> tuple[int, int]:
    """Apply the journal at ``path`` in ``session`` (a write transaction): delete what the
    import created, put back what it changed. ``(deleted, restored)``; a French DomainError,
    nothing changed, when a touched record was modified since."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        meta = MetaData()
        meta.reflect(engine)
        if _CREATED not in meta.tables:
            raise DomainError(f"« {path.name} » n'est pas une copie de sûreté d'import.", "fichier")
        with engine.connect() as con:
            created = con.execute(select(meta.tables[_CREATED]).order_by("n")).all()
            before = {name: [dict(r) for r in con.execute(select(_copy_of(MetaData(), name)))
                             .mappings()]
                      for name in meta.tables if name != _CREATED}
    finally:
        engine.dispose()
    _check_unchanged(session, created, before)
    deleted = _delete_created(session, created)
    restored = 0
    for name, rows in before.items():
        table = Base.metadata.tables[name]
        for row in rows:
            session.execute(update(table).where(table.c.id == row["id"]).values(row))
            restored += 1
    return deleted, restored


def _by_table(created) -> dict[str, list[uuid.UUID]]:
    tables: dict[str, list] = {}
    for _, name, key in created:
        tables.setdefault(name, []).append(_typed_id(name, key))
    return tables


def _typed_id(name: str, key: str):
    column = Base.metadata.tables[name].c.id
    try:
        if column.type.python_type is uuid.UUID:
            return uuid.UUID(key)
    except NotImplementedError:  # pragma: no cover
        pass
    return key


def _changed_since() -> DomainError:
    return DomainError(
        "Cet import ne peut plus être annulé : des fiches qu'il a créées ou modifiées ont été "
        "changées depuis. Restaurez une sauvegarde complète de la base si nécessaire.", "fichier")


def _check_unchanged(session: Session, created, before: dict[str, list[dict]]) -> None:
    for name, ids in _by_table(created).items():
        table = Base.metadata.tables[name]
        if "version" not in table.c:
            continue
        for start in range(0, len(ids), 500):
            rows = session.execute(select(table.c.id, table.c.version)
                                   .where(table.c.id.in_(ids[start:start + 500]))).all()
            if any(version != 1 for _, version in rows):
                raise _changed_since()
    for name, rows in before.items():
        table = Base.metadata.tables[name]
        if "version" not in table.c:
            continue
        expected = {row["id"]: row["version"] for row in rows}
        ids = list(expected)
        for start in range(0, len(ids), 500):
            for id_, version in session.execute(
                    select(table.c.id, table.c.version)
                    .where(table.c.id.in_(ids[start:start + 500]))).all():
                if version not in (expected[id_], expected[id_] + 1):
                    raise _changed_since()


def _check_not_referenced(session: Session, tables: dict[str, list]) -> None:
    """No record added since (a journal note, a programme, an offer…) points at a record the
    import created — cascades would delete it silently."""
    ours = {name: set(ids) for name, ids in tables.items()}
    for child in Base.metadata.tables.values():
        key = child.c.id if "id" in child.c else None
        for fk in child.foreign_keys:
            ids = list(ours.get(fk.column.table.name, ()))
            for start in range(0, len(ids), 500):
                query = select(key if key is not None else fk.parent).where(
                    fk.parent.in_(ids[start:start + 500]))
                for value in session.execute(query).scalars():
                    if key is None or value not in ours.get(child.name, ()):
                        raise _completed_since()


def _completed_since() -> DomainError:
    return DomainError(
        "Cet import ne peut plus être annulé : des informations ont été ajoutées depuis aux "
        "fiches qu'il a créées (journal, programmes, offres, mises en relation…). Restaurez "
        "une sauvegarde complète de la base si nécessaire.", "fichier")


def _delete_created(session: Session, created) -> int:
    """Children first: tables in the reverse order of their first insert."""
    deleted = 0
    _check_not_referenced(session, _by_table(created))
    try:
        for name, ids in reversed(list(_by_table(created).items())):
            table = Base.metadata.tables[name]
            for start in range(0, len(ids), 500):
                deleted += session.execute(
                    delete(table).where(table.c.id.in_(ids[start:start + 500]))).rowcount
            session.flush()
    except IntegrityError:
        raise _completed_since() from None
    return deleted
