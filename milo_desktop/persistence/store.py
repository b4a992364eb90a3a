"""The open store: one engine, short sessions. Services own their transactions through it."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import text
from sqlalchemy.orm import Session

from .engine import make_engine, writer


class Store:
    """An opened, migrated SQLite store. ``read()`` and ``write()`` give one unit of work each."""

    def __init__(self, path: Path, data_dir: Path):
        self.path = Path(path)
        self.data_dir = Path(data_dir)
        self.engine = make_engine(self.path)
        self._writer = writer(self.engine)
        self.session_class = Session  # services.Services installs the audited one

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.session_class(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE): committed at the end, rolled back on error."""
        with self.session_class(self._writer, expire_on_commit=False) as session, session.begin():
            yield session

    @property
    def backups_dir(self) -> Path:
        from ..paths import BACKUP_DIRNAME
        return self.data_dir / BACKUP_DIRNAME

    def optimize(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("PRAGMA optimize"))

    def close(self) -> None:
        self.engine.dispose()
