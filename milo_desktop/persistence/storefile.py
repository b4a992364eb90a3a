"""Checks on the store file before anything opens it, and backups through SQLite's backup API."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from ..domain.errors import DomainError

SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(DomainError):
    """The store cannot be used; the message says what is wrong and what to do."""


def check_folder_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".milo-ecriture"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        raise StoreError(
            f"Le dossier « {folder} » ne peut pas être utilisé pour la base ({err.strerror}). "
            "Choisissez un autre dossier avec --data-dir ou vérifiez les droits d'écriture."
        ) from None


def check_is_sqlite(path: Path) -> None:
    """Refuse a file that is not an SQLite database (never overwrite it)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        head = fh.read(16)
    if head != SQLITE_MAGIC:
        raise StoreError(
            f"Le fichier « {path} » n'est pas une base MILO Desktop (ce n'est pas une base SQLite). "
            "Il n'a pas été modifié. Choisissez un autre dossier avec --data-dir."
        )


def integrity_problems(path: Path, quick: bool = True) -> list[str]:
    """SQLite's own check; an empty list means the file is sound."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as err:
        return [str(err)]
    problems = [r[0] for r in rows if r[0] != "ok"]
    return problems


def corrupt_message(path: Path, backups: Path) -> str:
    return (
        f"La base « {path} » est endommagée et ne peut pas être ouverte sans risque. "
        f"Elle n'a pas été modifiée. Restaurez la dernière sauvegarde (dossier « {backups} ») "
        "ou choisissez un autre dossier avec --data-dir."
    )


def backup(path: Path, folder: Path, reason: str) -> Path:
    """Copy a live database with SQLite's backup API (a plain file copy can be malformed)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{stamp}-{reason}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}-{stamp}-{reason}-{n}.db"
    copy_database(path, target)
    return target


def copy_database(source: Path, target: Path) -> None:
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def restore(backup_file: Path, path: Path) -> None:
    """Put a backup back in place, again through the backup API (the target may be open in WAL)."""
    copy_database(backup_file, path)


def stored_revision(path: Path) -> str | None:
    """The Alembic revision recorded in the store, or None for an empty/new store."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        has = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        if not has:
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as err:
        raise StoreError(corrupt_message(path, path.parent / "sauvegardes") + f" (SQLite : {err})") from None
    finally:
        con.close()


def has_user_tables(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()
        return bool(row[0])
    finally:
        con.close()


def free_space_ok(folder: Path, needed: int) -> bool:
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):
        return True
    return st.f_bavail * st.f_frsize > needed
