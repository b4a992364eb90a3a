"""What can go wrong with the store file, named for what it is, in French.

SQLite reports the cause in its result code (``sqlite3.Error.sqlite_errorcode``): a full disk
(SQLITE_FULL) and a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) are told apart by it, never by
guessing from a message — advising to restore a backup on a full disk would replace healthy data
with an older copy. Messages never quote row data nor SQLite's English text.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..domain.errors import DomainError

# SQLite primary result codes (https://www.sqlite.org/rescode.html)
SQLITE_ERROR, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 1, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
SQLITE_IOERR_NOMEM = 3082
LOW_SPACE = 1_000_000  # below this, an I/O error while writing is a full disk


class StoreError(DomainError):
    """The store cannot be used; the message says what is wrong and what to do (exit code 3)."""

    title = "Base inutilisable"


class StoreBusy(StoreError):
    title = "Base occupée"


class StoreDamaged(StoreError):
    title = "Base endommagée"


class DiskFull(StoreError):
    title = "Disque plein"


class StoreReadOnly(StoreError):
    title = "Base en lecture seule"


class StoreIOError(StoreError):
    title = "Disque inaccessible"


class NotAMiloStore(StoreError):
    title = "Pas une base MILO Desktop"


def mb(size: int) -> str:
    """A size for people: « 12,5 Mo »."""
    value = max(size, 0) / 1_000_000
    text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return text.replace(".", ",") + " Mo"


def free_space(folder: Path) -> int | None:
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):  # Windows has no statvfs: shutil.disk_usage below
        try:
            import shutil
            return shutil.disk_usage(folder).free
        except OSError:
            return None
    return st.f_bavail * st.f_frsize


# --- messages ---------------------------------------------------------------------------------
def damaged(path: Path, backups: Path | None = None) -> StoreDamaged:
    backups = backups or Path(path).parent / "sauvegardes"
    return StoreDamaged(
        f"La base « {path} » est endommagée : SQLite y a trouvé des pages illisibles. Pour ne "
        "rien aggraver, MILO Desktop ne l'ouvre qu'en lecture seule et n'y écrit plus rien. "
        "Exportez d'abord ce qui peut encore être lu (Fichier ▸ Exporter, ou « milo-desktop "
        "export »). Restaurez la dernière sauvegarde ensuite : application fermée, remplacez le "
        f"fichier par le plus récent du dossier « {backups} » (gardez le fichier endommagé pour "
        "l'assistance).")


def disk_full(path: Path, needed: int | None = None) -> DiskFull:
    folder = Path(path).parent
    free = free_space(folder)
    left = f" (il reste {mb(free)})" if free is not None else ""
    want = f" d'au moins {mb(needed)}" if needed else ""
    return DiskFull(
        f"Le disque qui contient « {folder} » est plein{left}. Rien n'est perdu : l'opération "
        "en cours a été annulée et la base est restée telle qu'elle était. Libérez de la "
        f"place{want} sur ce disque (corbeille, téléchargements, anciennes sauvegardes du dossier "
        f"« {folder / 'sauvegardes'} »), puis recommencez. La base n'est pas endommagée : ne "
        "restaurez pas de sauvegarde.")


def no_room_for_backup(path: Path, needed: int, free: int) -> DiskFull:
    return DiskFull(
        f"Il n'y a pas assez de place pour la sauvegarde de sécurité de la base « {path} » : "
        f"il faut {mb(needed)} libres, il en reste {mb(free)}. Rien n'a été fait. Libérez au "
        f"moins {mb(needed - free)} sur ce disque (corbeille, téléchargements, anciennes "
        f"sauvegardes du dossier « {Path(path).parent / 'sauvegardes'} »), puis recommencez.")


def busy(path: Path) -> StoreBusy:
    who = holders(path)
    by = f" ({', '.join(who)})" if who else ""
    return StoreBusy(
        f"La base « {path} » est occupée par un autre programme{by} qui y enregistre quelque "
        "chose en ce moment. Rien n'a été modifié. Attendez qu'il ait fini (ou fermez-le), puis "
        "recommencez.")


def read_only(path: Path) -> StoreReadOnly:
    return StoreReadOnly(
        f"La base « {path} » est en lecture seule (fichier ou dossier protégé en écriture, ou "
        "disque monté en lecture seule) : MILO Desktop ne peut rien y enregistrer. Rien n'a été "
        "modifié. Donnez le droit d'écriture sur le fichier et sur son dossier, ou copiez le "
        "dossier ailleurs et ouvrez la copie avec --data-dir.")


def io_error(path: Path) -> StoreIOError:
    return StoreIOError(
        f"Le disque a refusé une lecture ou une écriture de la base « {path} » (clé USB ou disque "
        "retiré, partage réseau coupé, disque défaillant ?). L'opération en cours a été annulée. "
        "Vérifiez le disque, puis recommencez. Ne restaurez pas de sauvegarde avant d'avoir "
        "vérifié le disque.")


def foreign_schema(path: Path, missing: list[str]) -> NotAMiloStore:
    shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
    return NotAMiloStore(
        f"Le fichier « {path} » se présente comme une base MILO Desktop, mais ses tables ne sont "
        f"pas celles de MILO Desktop (absentes : {shown}). Il n'a pas été modifié. Choisissez le "
        "bon dossier avec --data-dir, ou remplacez ce fichier par une sauvegarde.")


def not_a_file(path: Path) -> NotAMiloStore:
    return NotAMiloStore(
        f"« {path} » est un dossier, pas une base MILO Desktop. Rien n'a été modifié. Renommez "
        "ce dossier ou choisissez un autre dossier de données avec --data-dir.")


# --- translation ------------------------------------------------------------------------------
def sqlite_error(err: BaseException) -> sqlite3.Error | None:
    """The sqlite3 error behind ``err`` (SQLAlchemy wraps it in ``.orig``)."""
    seen = 0
    while err is not None and seen < 5:
        if isinstance(err, sqlite3.Error):
            return err
        err = getattr(err, "orig", None) or err.__cause__
        seen += 1
    return None


def translate(err: BaseException, path: Path | str | None, writing: bool = True) -> StoreError | None:
    """The French StoreError for a SQLite failure on the store at ``path``; None when ``err`` is
    not about the store file (a bug: let it surface as an unexpected error)."""
    if isinstance(err, StoreError):
        return err
    path = Path(path) if path is not None else Path("milo.db")
    if isinstance(err, OSError) and not isinstance(err, sqlite3.Error):
        return _from_errno(err, path)
    if isinstance(err, MemoryError):
        return None
    low = sqlite_error(err)
    if low is None:
        return None
    code = getattr(low, "sqlite_errorcode", None)
    text = str(low).lower()
    primary = code & 0xFF if code is not None else _code_from_text(text)
    if primary == SQLITE_FULL:
        return disk_full(path)
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return busy(path)
    if primary == SQLITE_READONLY:
        return read_only(path)
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged(path)
    if primary == SQLITE_IOERR and code != SQLITE_IOERR_NOMEM:
        free = free_space(path.parent)
        return disk_full(path) if writing and free is not None and free < LOW_SPACE else io_error(path)
    if primary == SQLITE_CANTOPEN:
        return not_a_file(path) if path.is_dir() else read_only(path)
    if primary == SQLITE_ERROR and ("no such table" in text or "no such column" in text):
        return foreign_schema(path, [text.rsplit(":", 1)[-1].strip()])
    return None


def _code_from_text(text: str) -> int | None:
    for needle, code in (("disk is full", SQLITE_FULL), ("locked", SQLITE_BUSY),
                         ("readonly", SQLITE_READONLY), ("malformed", SQLITE_CORRUPT),
                         ("not a database", SQLITE_NOTADB), ("disk i/o", SQLITE_IOERR)):
        if needle in text:
            return code
    return None


def _from_errno(err: OSError, path: Path) -> StoreError | None:
    import errno
    if err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return disk_full(path)
    if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return read_only(path)
    if err.errno == errno.EIO:
        return io_error(path)
    return None


def holders(path: Path) -> list[str]:
    """Other processes that have the store open (Linux /proc; empty elsewhere or if unknown)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    try:
        targets = {str(Path(path).resolve()), str(Path(path).resolve()) + "-wal"}
    except OSError:
        return []
    found: list[str] = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            fds = list((entry / "fd").iterdir())
            if not any(os.readlink(fd) in targets for fd in fds):
                continue
            found.append(_describe(entry))
        except OSError:
            continue
        if len(found) >= 3:
            break
    return found


def _describe(entry: Path) -> str:
    try:
        cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        cmdline = ""
    if "milo_desktop" in cmdline or "milo-desktop" in cmdline:
        name = "MILO Desktop"
    else:
        try:
            name = (entry / "comm").read_text().strip() or "programme inconnu"
        except OSError:
            name = "programme inconnu"
    return f"{name}, processus {entry.name}"
