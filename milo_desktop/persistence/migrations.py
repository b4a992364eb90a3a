"""Opening a store: checks, backup with the SQLite API, Alembic upgrade, French errors."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from ..paths import BACKUP_DIRNAME, STORE_FILENAME, migrations_dir
from . import faults, storefile
from .schema import SCHEMA_HEAD
from .store import Store
from .storefile import StoreError

log = logging.getLogger(__name__)


def known_revisions() -> set[str]:
    """Revision ids shipped with this version (file names start with the id)."""
    versions = migrations_dir() / "versions"
    return {p.name.split("_", 1)[0] for p in versions.glob("*.py") if not p.name.startswith("_")}


def open_store(data_dir: Path) -> Store:
    """Open (creating or migrating if needed) the store in ``data_dir``; StoreError in French
    (``faults``: busy, damaged, disk full, read-only, not a MILO store)."""
    data_dir = Path(data_dir)
    storefile.check_folder_writable(data_dir)
    storefile.remove_leftovers(data_dir / BACKUP_DIRNAME)
    path = data_dir / STORE_FILENAME
    try:
        storefile.check_is_sqlite(path)
        revision = storefile.stored_revision(path)
        if revision != SCHEMA_HEAD:
            _bring_to_head(path, data_dir, revision)
        else:
            missing = storefile.schema_problems(path)
            if missing:
                raise faults.foreign_schema(path, missing)
            storefile.prepare_store_file(path)
    except sqlite3.Error as err:
        raise (faults.translate(err, path) or faults.damaged(path)) from None
    except OSError as err:  # the file cannot be read or created: named, never a traceback
        named = faults.translate(err, path)
        if named is None:
            raise
        raise named from None
    return Store(path, data_dir)


def _bring_to_head(path: Path, data_dir: Path, revision: str | None) -> None:
    backups = data_dir / BACKUP_DIRNAME
    if revision is None and storefile.has_user_tables(path):
        raise faults.NotAMiloStore(
            f"Le fichier « {path} » est une base SQLite qui n'a pas été créée par MILO Desktop. "
            "Il n'a pas été modifié. Choisissez un autre dossier avec --data-dir.")
    if revision is not None and revision not in known_revisions():
        raise StoreError(
            f"La base « {path} » a été créée par une version plus récente de MILO Desktop "
            f"(révision {revision}). Elle n'a pas été modifiée : mettez l'application à jour "
            "ou choisissez un autre dossier avec --data-dir.")
    storefile.prepare_store_file(path)
    backup_file = None
    if revision is not None:
        if storefile.integrity_problems(path):
            raise faults.damaged(path, backups)
        backup_file = storefile.backup(path, backups, "avant-migration")
        log.info("Sauvegarde avant migration : %s", backup_file)
    try:
        upgrade(path)
    except Exception as err:  # noqa: BLE001 - any failure must restore the user's file
        log.exception("Échec de la migration de %s", path)
        if backup_file is not None:
            storefile.restore(backup_file, path)
        named = faults.translate(err, path)
        if named is not None:
            raise named from None
        raise StoreError(
            f"La mise à jour de la base « {path} » a échoué ({err.__class__.__name__}). "
            "Votre fichier est resté tel qu'il était"
            + (f" ; une sauvegarde est dans « {backup_file} »." if backup_file else ".")
            + " Consultez le journal et contactez l'assistance.") from err


def alembic_config(path: Path):
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    return cfg


def upgrade(path: Path, target: str = "head") -> None:
    """Run Alembic (imported only here) in one transaction on our engine."""
    from alembic import command
    from .engine import make_engine, writer
    engine = make_engine(path)
    try:
        with writer(engine).connect() as conn:
            cfg = alembic_config(path)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            conn.commit()
    finally:
        engine.dispose()
