"""The open store: one engine, short sessions. Services own their transactions through it."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import text
from sqlalchemy.orm import Session

from sqlalchemy import event

from . import faults
from .engine import make_engine, writer


class Store:
    """An opened, migrated SQLite store. ``read()`` and ``write()`` give one unit of work each.

    A store found damaged (``check_integrity``, or SQLite reporting corruption) becomes
    read-only for good: ``write()`` raises StoreDamaged and every connection is ``query_only``.
    SQLite failures come out as French StoreErrors (``faults.translate``)."""

    def __init__(self, path: Path, data_dir: Path):
        self.path = Path(path)
        self.data_dir = Path(data_dir)
        self.engine = make_engine(self.path)
        self._writer = writer(self.engine)
        self.damage: faults.StoreDamaged | None = None
        event.listen(self.engine, "checkout", self._on_checkout)

    @property
    def read_only(self) -> bool:
        return self.damage is not None

    def _on_checkout(self, dbapi_conn, _record, _proxy) -> None:
        if self.damage is not None:
            dbapi_conn.execute("PRAGMA query_only=ON")

    @contextmanager
    def _named_faults(self, writing: bool):
        try:
            yield
        except faults.StoreError:
            raise
        except Exception as err:
            if faults.sqlite_error(err) is None:
                raise  # not about the store file (a file being written, a rule): as it is
            named = faults.translate(err, self.path, writing=writing)
            if named is None:
                raise
            if isinstance(named, faults.StoreDamaged):
                self.mark_damaged(named)
            raise named from None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._named_faults(False), Session(self.engine, expire_on_commit=False) as session, \
                session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE): committed at the end, rolled back on error."""
        if self.damage is not None:
            raise self.damage
        with self._named_faults(True), Session(self._writer, expire_on_commit=False) as session, \
                session.begin():
            yield session

    def mark_damaged(self, damage: faults.StoreDamaged | None = None) -> faults.StoreDamaged:
        """From now on nothing is written into this store."""
        if self.damage is None:
            self.damage = damage or faults.damaged(self.path, self.backups_dir)
        return self.damage

    def check_integrity(self) -> faults.StoreDamaged | None:
        """SQLite's quick check (about 0.4 s for a 700 MB store; safe in a worker thread); a
        damaged store is marked read-only and its StoreDamaged returned."""
        from .storefile import integrity_problems
        if self.damage is None and integrity_problems(self.path):
            self.mark_damaged()
        return self.damage

    def before_bulk_write(self) -> None:
        """Refuse an import, an anonymisation or a demo replacement on a damaged store."""
        damage = self.check_integrity()
        if damage is not None:
            raise damage

    def safety_backup(self, reason: str, progress=None) -> Path:
        """The integrity check, then a whole backup (or a French DiskFull when there is no room
        for it): what every bulk write does first."""
        from .storefile import backup
        self.before_bulk_write()
        return backup(self.path, self.backups_dir, reason, progress)

    @property
    def backups_dir(self) -> Path:
        from ..paths import BACKUP_DIRNAME
        return self.data_dir / BACKUP_DIRNAME

    def optimize(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("PRAGMA optimize"))

    def close(self) -> None:
        self.engine.dispose()
