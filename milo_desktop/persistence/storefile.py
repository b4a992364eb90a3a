"""Checks on the store file before anything opens it, private files, and backups through
SQLite's backup API that are whole or absent."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import time
from datetime import datetime
from pathlib import Path

from . import faults
from .faults import StoreError  # noqa: F401 - re-exported: callers import it from here

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600
TEMP_PREFIX = ".milo-sauvegarde-"  # a backup being written; renamed once whole and checked
BACKUPS_KEPT = 10        # the most recent backups kept…
BACKUP_MAX_DAYS = 90     # …and none older than this (but the newest), they hold anonymised files
BACKUP_MARGIN = 1.05     # room asked for a safety backup: the store's size and 5 %


def make_private(path: Path, mode: int) -> None:
    """Owner-only permissions (POSIX); on Windows the profile's ACLs already do it."""
    if os.name != "posix":
        return
    try:
        if path.exists() and path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o777 != mode:
            path.chmod(mode)
    except OSError:
        log.warning("Droits de %s non restreints", path)


def dedicated(folder: Path) -> bool:
    """True when ``folder`` holds only MILO Desktop's files: then it may be narrowed to 0700
    (never a home folder, /tmp or Documents given with --data-dir: its files are 0600 anyway)."""
    try:
        return all(p.name.startswith(("milo.db", ".milo-")) or p.name == "sauvegardes"
                   for p in folder.iterdir())
    except OSError:
        return False


def check_folder_writable(folder: Path) -> None:
    try:
        folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        if dedicated(folder):
            make_private(folder, PRIVATE_DIR)
        else:
            log.info("Dossier %s partagé avec d'autres fichiers : droits laissés tels quels", folder)
        probe = folder / ".milo-ecriture"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        if err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            raise faults.disk_full(folder / "milo.db") from None
        if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise faults.StoreReadOnly(
                f"Le dossier « {folder} » est en lecture seule (droits du dossier, ou disque monté "
                "en lecture seule) : la base ne peut pas y être enregistrée. Rien n'a été modifié. "
                "Donnez le droit d'écriture sur ce dossier ou choisissez-en un autre avec "
                "--data-dir.") from None
        raise StoreError(
            f"Le dossier « {folder} » ne peut pas être utilisé pour la base (ce chemin n'est pas "
            "un dossier ou n'est pas accessible). Choisissez un autre dossier avec --data-dir ou "
            "vérifiez les droits d'écriture."
        ) from None


def prepare_store_file(path: Path) -> None:
    """The store and its -wal/-shm are the user's alone: a new store is created 0600 (SQLite
    gives -wal and -shm the main file's permissions); older files are narrowed to 0600."""
    if path.is_dir():
        raise faults.not_a_file(path)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
        return
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        make_private(p, PRIVATE_FILE)
        if p.exists() and not os.access(p, os.W_OK):
            raise faults.read_only(path)


def check_is_sqlite(path: Path) -> None:
    """Refuse a file that is not an SQLite database (never overwrite it)."""
    if path.is_dir():
        raise faults.not_a_file(path)
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
    return faults.damaged(path, backups).message


def backup_size(path: Path) -> int:
    """Bytes a backup of ``path`` takes (every page, the WAL's included)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        size = con.execute("PRAGMA page_size").fetchone()[0]
    finally:
        con.close()
    return pages * size


def check_room_for_backup(path: Path, folder: Path) -> None:
    """Refuse to start an operation whose safety backup would not fit (DiskFull, in French)."""
    needed = int(backup_size(path) * BACKUP_MARGIN) + 1_000_000
    free = faults.free_space(folder if folder.exists() else folder.parent)
    if free is not None and free < needed:
        raise faults.no_room_for_backup(path, needed, free)


def backup(path: Path, folder: Path, reason: str, progress=None) -> Path:
    """A whole copy of a live database, or nothing: SQLite's backup API (a plain file copy can
    be malformed) into a temporary name, checked, then renamed; any failure removes it.
    ``progress(done_pages, total_pages)`` is called between steps."""
    folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    make_private(folder, PRIVATE_DIR)
    check_room_for_backup(path, folder)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{stamp}-{reason}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}-{stamp}-{reason}-{n}.db"
    temp = folder / f"{TEMP_PREFIX}{stamp}-{os.getpid()}.tmp"
    try:
        copy_database(path, temp, progress)
        if integrity_problems(temp):
            raise faults.damaged(path, folder)
        _fsync(temp)
        os.replace(temp, target)
        _fsync(folder)
    except BaseException as err:
        _remove(temp)
        translated = faults.translate(err, path)
        if translated is not None and translated is not err:
            raise translated from None
        raise
    prune_backups(folder, path.stem)
    return target


def copy_database(source: Path, target: Path, progress=None) -> None:
    """SQLite's backup API; a new ``target`` is created owner-only and without a journal (a
    half-written copy is thrown away, never repaired)."""
    fresh = not target.exists()
    if fresh:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(target))
    try:
        dst.execute("PRAGMA secure_delete=ON")
        if fresh:
            dst.execute("PRAGMA journal_mode=OFF")
        step = -1 if progress is None else 256
        src.backup(dst, pages=step,
                   progress=None if progress is None else lambda _s, left, total: progress(total - left, total))
        if fresh:  # a standalone file: no -wal/-shm beside it when it is checked or opened
            dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def restore(backup_file: Path, path: Path) -> None:
    """Put a backup back in place, again through the backup API (the target may be open in WAL);
    a damaged backup is refused (the file in place is better than a damaged copy)."""
    if integrity_problems(backup_file):
        raise faults.damaged(backup_file, backup_file.parent)
    copy_database(backup_file, path)


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            log.warning("Impossible d'effacer %s", p)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False  # os.kill would terminate it; a file still being written cannot be deleted
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_leftovers(folder: Path) -> list[Path]:
    """Half-made backups left by a crash (a process that is gone): removed at the next start."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for p in folder.glob(f"{TEMP_PREFIX}*"):
        pid = p.name[len(TEMP_PREFIX):].split(".", 1)[0].rsplit("-", 1)[-1]
        if pid.isdigit() and _alive(int(pid)):
            continue
        try:
            p.unlink()
            removed.append(p)
        except OSError:
            log.warning("Sauvegarde inachevée impossible à effacer : %s", p)
    if removed:
        log.warning("Sauvegardes inachevées effacées : %s", ", ".join(p.name for p in removed))
    return removed


def prune_backups(folder: Path, stem: str = "milo", now: float | None = None) -> list[Path]:
    """Keep the BACKUPS_KEPT most recent backups, and none older than BACKUP_MAX_DAYS but the
    newest; only our own files (``<stem>-AAAAMMJJ-HHMMSS-<motif>.db``) are considered."""
    now = time.time() if now is None else now
    ours = []
    for p in folder.glob(f"{stem}-*.db"):
        parts = p.name[len(stem) + 1:].split("-")
        if len(parts) >= 3 and parts[0].isdigit() and len(parts[0]) == 8 and parts[1].isdigit():
            ours.append((p.stat().st_mtime, p.name, p))
    ours.sort(reverse=True)
    removed = []
    for rank, (mtime, _name, p) in enumerate(ours):
        too_many = rank >= BACKUPS_KEPT
        too_old = rank > 0 and now - mtime > BACKUP_MAX_DAYS * 86400
        if too_many or too_old:
            try:
                p.unlink()
                removed.append(p)
            except OSError:
                log.warning("Ancienne sauvegarde impossible à effacer : %s", p)
    return removed


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
    except sqlite3.Error as err:
        raise (faults.translate(err, path, writing=False) or faults.damaged(path)) from None
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


def schema_problems(path: Path) -> list[str]:
    """Tables and columns of MILO Desktop missing from the file (a foreign file carrying our
    revision); empty when the schema is ours. One statement on sqlite_master: milliseconds."""
    from .models import Base
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
                           "WHERE m.type = 'table'").fetchall()
    finally:
        con.close()
    present: dict[str, set[str]] = {}
    for table, column in rows:
        present.setdefault(table, set()).add(column)
    missing = []
    for table in Base.metadata.sorted_tables:
        if table.name not in present:
            missing.append(table.name)
        else:
            missing += [f"{table.name}.{c.name}" for c in table.columns if c.name not in present[table.name]]
    return missing


def free_space_ok(folder: Path, needed: int) -> bool:
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):
        return True
    return st.f_bavail * st.f_frsize > needed
