"""Private files: the data folder 0700, the store, its -wal/-shm, backups, logs and exports 0600
(Linux); secure_delete set by the application on every connection."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from milo_desktop.persistence.migrations import open_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def cli(*args, env):
    proc = subprocess.run([sys.executable, "-m", "milo_desktop", *args], capture_output=True,
                          text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def test_everything_the_application_creates_is_private(tmp_path):
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "etat"), XDG_DATA_HOME=str(tmp_path / "xdg"))
    data_dir = tmp_path / "base"
    old = os.umask(0o022)  # a common default: what the app must not rely on
    try:
        cli("--data-dir", str(data_dir), "demo", "--young", "30", env=env)
        cli("--data-dir", str(data_dir), "demo", "--young", "30", "--force", env=env)  # a backup
        cli("--data-dir", str(data_dir), "export", "jeunes", "--out", str(tmp_path / "jeunes.csv"), env=env)
    finally:
        os.umask(old)
    assert mode(data_dir) == 0o700
    for name in ("milo.db", "milo.db-wal", "milo.db-shm"):
        if (data_dir / name).exists():
            assert mode(data_dir / name) == 0o600, name
    backups = data_dir / "sauvegardes"
    assert mode(backups) == 0o700 and list(backups.iterdir())
    assert all(mode(p) == 0o600 for p in backups.iterdir())
    logs = list((tmp_path / "etat").rglob("*.log"))
    assert logs and all(mode(p) == 0o600 for p in logs)
    assert mode(tmp_path / "jeunes.csv") == 0o600


def test_a_store_opened_as_a_library_is_private_and_older_files_are_narrowed(tmp_path):
    old = os.umask(0o022)
    try:
        store = open_store(tmp_path / "neuve")
        with store.write() as s:
            s.execute(__import__("sqlalchemy").text("INSERT INTO parametre (cle, valeur) VALUES ('a', 'b')"))
        assert mode(store.path) == 0o600 and mode(store.data_dir) == 0o700
        assert mode(store.path.parent / "milo.db-wal") == 0o600
        store.close()
        os.chmod(store.path, 0o644)
        os.chmod(store.data_dir, 0o755)
        open_store(store.data_dir).close()
        assert mode(store.path) == 0o600 and mode(store.data_dir) == 0o700
    finally:
        os.umask(old)


def test_secure_delete_is_set_by_the_application(store, tmp_path):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    # not only because this SQLite build defaults to it: a connection set OFF is turned ON
    import sqlite3

    from milo_desktop.persistence.engine import _on_connect
    con = sqlite3.connect(tmp_path / "x.db")
    con.execute("PRAGMA secure_delete=OFF")
    assert con.execute("PRAGMA secure_delete").fetchone()[0] == 0
    _on_connect(con, None)
    assert con.execute("PRAGMA secure_delete").fetchone()[0] == 1
    con.close()


def test_a_database_error_never_carries_row_data(store):
    import sqlalchemy
    with pytest.raises(sqlalchemy.exc.IntegrityError) as err:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO parametre (cle, valeur) VALUES (?, ?)", ("k", "DUPONT Marie"))
            conn.exec_driver_sql("INSERT INTO parametre (cle, valeur) VALUES (?, ?)", ("k", "DUPONT Marie"))
    assert "DUPONT" not in str(err.value)


def test_a_folder_shared_with_other_files_keeps_its_rights(tmp_path):
    """--data-dir ~ or /tmp must not close the folder to everyone: only MILO's files are private."""
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "lettre.odt").write_text("x")
    os.chmod(folder, 0o755)
    store = open_store(folder)
    store.close()
    assert mode(folder) == 0o755 and mode(store.path) == 0o600
