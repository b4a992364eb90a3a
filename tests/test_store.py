"""Opening the store: migrations, backups, and the French refusals that leave files untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from milo_desktop.persistence import storefile
from milo_desktop.persistence.migrations import known_revisions, open_store
from milo_desktop.persistence.schema import SCHEMA_HEAD
from milo_desktop.persistence.storefile import StoreError


def test_new_store_is_created_at_head_in_wal(data_dir):
    store = open_store(data_dir)
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_HEAD
    store.close()


def test_schema_head_matches_alembic_head():
    from alembic.script import ScriptDirectory
    from milo_desktop.persistence.migrations import alembic_config
    script = ScriptDirectory.from_config(alembic_config(Path("unused.db")))
    assert script.get_current_head() == SCHEMA_HEAD
    assert SCHEMA_HEAD in known_revisions()


def test_migrations_give_exactly_the_models_schema(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from milo_desktop.persistence.models import Base
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_connection_pragmas(store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_write_transactions_begin_immediate(store):
    """A write unit of work takes the write lock at once: a second writer waits, not overwrites."""
    statements = []
    from sqlalchemy import event
    event.listen(store.engine, "before_cursor_execute",
                 lambda conn, cur, stmt, *a: statements.append(stmt))
    with store.write() as s:
        s.execute(__import__("sqlalchemy").text("SELECT 1"))
    with store.read() as s:
        s.execute(__import__("sqlalchemy").text("SELECT 1"))
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN"]


def test_not_a_database_is_refused_and_untouched(data_dir):
    data_dir.mkdir(parents=True)
    path = data_dir / "milo.db"
    path.write_bytes(b"Ceci est un tableur, pas une base.\n" * 10)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="n'est pas une base"):
        open_store(data_dir)
    assert path.read_bytes() == before


def test_foreign_sqlite_database_is_refused(data_dir):
    data_dir.mkdir(parents=True)
    con = sqlite3.connect(data_dir / "milo.db")
    con.execute("CREATE TABLE autre (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="pas été créée par MILO"):
        open_store(data_dir)


def test_newer_version_is_refused_and_untouched(store):
    path = store.path
    store.close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="version plus récente"):
        open_store(path.parent)
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999"


def _damage(path: Path, start: int, end: int) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    data = bytearray(path.read_bytes())
    data[start:end] = b"A" * (end - start)
    path.write_bytes(bytes(data))


def test_corrupt_store_is_refused_with_french_advice(store):
    path = store.path
    store.close()
    _damage(path, 200, 4096)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="endommagée.*Restaurez la dernière sauvegarde"):
        open_store(path.parent)
    assert path.read_bytes() == before


def test_corrupt_store_is_not_migrated(store):
    """Before a migration the integrity check runs; a damaged file is refused, not migrated."""
    path = store.path
    store.close()
    _damage(path, 4096 * 3, 4096 * 5)
    from milo_desktop.persistence.migrations import _bring_to_head
    if not storefile.integrity_problems(path):
        pytest.skip("the damaged pages were unused in this layout")
    with pytest.raises(StoreError, match="endommagée"):
        _bring_to_head(path, path.parent, "0001")


def test_unwritable_folder_gives_french_message(tmp_path, monkeypatch):
    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="ne peut pas être utilisé"):
        open_store(blocker / "sous-dossier")


def test_backup_uses_sqlite_api_and_is_readable(store):
    target = storefile.backup(store.path, store.backups_dir, "test")
    con = sqlite3.connect(target)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_HEAD


def test_migration_of_existing_store_makes_a_backup_first(store, monkeypatch):
    """An older store is backed up (readable copy) before Alembic runs."""
    path = store.path
    store.close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO parametre (cle, valeur) VALUES ('temoin', '1')")
    con.commit()
    con.close()
    import milo_desktop.persistence.migrations as mig
    monkeypatch.setattr(mig, "SCHEMA_HEAD", "0099")
    monkeypatch.setattr(mig, "known_revisions", lambda: {SCHEMA_HEAD, "0099"})
    monkeypatch.setattr(mig, "upgrade", lambda p: None)
    mig.open_store(path.parent)
    backups = list((path.parent / "sauvegardes").glob("*avant-migration*.db"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("SELECT valeur FROM parametre").fetchone()[0] == "1"


def test_failed_migration_restores_the_file_and_says_so(store, monkeypatch):
    path = store.path
    store.close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO parametre (cle, valeur) VALUES ('temoin', 'avant')")
    con.commit()
    con.close()
    import milo_desktop.persistence.migrations as mig

    def broken_upgrade(p):
        c = sqlite3.connect(p)
        c.execute("UPDATE parametre SET valeur = 'abîmé'")
        c.execute("DROP TABLE jeune")
        c.commit()
        c.close()
        raise RuntimeError("migration cassée")

    monkeypatch.setattr(mig, "SCHEMA_HEAD", "0099")
    monkeypatch.setattr(mig, "known_revisions", lambda: {SCHEMA_HEAD, "0099"})
    monkeypatch.setattr(mig, "upgrade", broken_upgrade)
    with pytest.raises(StoreError, match="resté tel qu'il était"):
        mig.open_store(path.parent)
    con = sqlite3.connect(path)
    assert con.execute("SELECT valeur FROM parametre").fetchone()[0] == "avant"
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name='jeune'").fetchone()[0] == 1


def test_a_store_of_the_first_version_is_migrated_with_its_data(tmp_path):
    """0001 -> 0002 for real: the young people stay, the new column and indexes come."""
    import milo_desktop.persistence.migrations as mig
    folder = tmp_path / "ancienne"
    folder.mkdir()
    path = folder / "milo.db"
    mig.upgrade(path, "0001")
    con = sqlite3.connect(path)
    con.execute("""INSERT INTO jeune (id, nom, prenom, sexe, date_naissance, indemnise, qpv, zrr, rqth,
                   permis_b, vehicule, archive, nom_fold, prenom_fold, version, created_at, updated_at)
                   VALUES ('0123456789abcdef0123456789abcdef', 'DUPONT', 'Zoé', 'F', '2005-02-01',
                   0, 0, 0, 0, 0, 0, 0, 'dupont', 'zoe', 1, '2026-01-01', '2026-01-01')""")
    con.commit()
    con.close()
    store = mig.open_store(folder)
    try:
        con = sqlite3.connect(path)
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_HEAD
        assert con.execute("SELECT nom, anonymise_le FROM jeune").fetchall() == [("DUPONT", None)]
        indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'jeune'")}
        assert {"ix_jeune_liste_prenom", "ix_jeune_liste_commune"} <= indexes
        assert "ix_jeune_prenom_fold" not in indexes
        assert list((folder / "sauvegardes").glob("*avant-migration*.db"))
    finally:
        store.close()
