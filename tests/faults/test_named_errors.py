"""Errors named for what they are, in French, without traceback nor row data: disk full (told
apart from damage by its cause), store busy in another program, read-only, not a MILO store."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import event, func, select

from milo_desktop.cli.exitcodes import Exit
from milo_desktop.cli.main import main
from milo_desktop.persistence import faults, storefile
from milo_desktop.persistence.migrations import open_store
from milo_desktop.persistence.models import Jeune
from milo_desktop.persistence.schema import SCHEMA_HEAD

from .helpers import digest, files_in, people_csv


def count_people(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM jeune").fetchone()[0]
    finally:
        con.close()


# --- disk full ------------------------------------------------------------------------------
def _page_limit(monkeypatch, extra_pages: int) -> None:
    """Every connection the app opens may grow the store by ``extra_pages`` only: SQLite then
    answers SQLITE_FULL exactly as on a full disk."""
    from milo_desktop.persistence import engine as engine_mod
    original = engine_mod.make_engine

    def limited(path):
        engine = original(path)

        def limit(dbapi_conn, _record):
            pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count={pages + extra_pages}")
        event.listen(engine, "connect", limit)
        return engine
    monkeypatch.setattr(engine_mod, "make_engine", limited)
    import milo_desktop.persistence.store as store_mod
    monkeypatch.setattr(store_mod, "make_engine", limited)


def test_disk_full_during_an_import_says_so_and_loses_nothing(data_dir, tmp_path, monkeypatch, capsys):
    open_store(data_dir).close()
    before = count_people(data_dir / "milo.db")
    _page_limit(monkeypatch, 3)
    code = main(["--data-dir", str(data_dir), "import", "jeunes", str(people_csv(tmp_path / "j.csv", 2000))])
    err = capsys.readouterr().err
    assert code == Exit.BASE_INDISPONIBLE, err
    assert "est plein" in err and "Rien n'est perdu" in err and "ne restaurez pas" in err
    assert "est endommagée" not in err and "Traceback" not in err and "NOMAAAA" not in err
    assert count_people(data_dir / "milo.db") == before
    assert storefile.integrity_problems(data_dir / "milo.db") == []
    backups = files_in(data_dir / "sauvegardes")
    assert all(not n.startswith(".") and n.endswith(".db") for n in backups), backups  # whole ones


def test_disk_full_through_the_services(services, tmp_path):
    store = services.ctx.store
    store.engine.dispose()

    @event.listens_for(store.engine, "connect")
    def limit(dbapi_conn, _record):
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count={pages + 2}")
    preview = services.imports.analyse("jeunes", people_csv(tmp_path / "j.csv", 2000))
    with pytest.raises(faults.DiskFull, match="est plein"):
        services.imports.run(preview)
    assert not store.read_only  # a full disk does not make the store damaged
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Jeune)) == 0


def _mount_tmpfs(folder, size: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    try:
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                              capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    folder = tmp_path / "petit-disque"
    if not _mount_tmpfs(folder, "6m"):
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


def test_a_really_full_disk_is_not_called_damage(small_disk, capsys):
    """demo on a 6 MB disk: the load does not fit; the message is « plein », not « endommagée »."""
    data_dir = small_disk / "base"
    code = main(["--data-dir", str(data_dir), "demo", "--young", "20000"])
    err = capsys.readouterr().err
    assert code == Exit.BASE_INDISPONIBLE, err
    assert "est plein" in err and "ne restaurez pas" in err and "est endommagée" not in err
    assert storefile.integrity_problems(data_dir / "milo.db") == []
    assert count_people(data_dir / "milo.db") == 0


def test_no_room_for_the_safety_backup_nothing_starts(services, tmp_path, monkeypatch):
    preview = services.imports.analyse("jeunes", people_csv(tmp_path / "j.csv", 5))
    monkeypatch.setattr(faults, "free_space", lambda folder: 300_000)
    with pytest.raises(faults.DiskFull, match=r"il faut [\d,]+ Mo libres, il en reste 0,3 Mo"):
        services.imports.run(preview)
    assert files_in(services.ctx.store.backups_dir) == []
    with services.ctx.store.read() as s:
        assert s.scalar(select(func.count()).select_from(Jeune)) == 0


# --- busy -----------------------------------------------------------------------------------
HOLDER = textwrap.dedent("""
    import sqlite3, sys
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO parametre (cle, valeur) VALUES ('verrou', '1')")
    print("verrou pris", flush=True)
    sys.stdin.read()
    con.execute("ROLLBACK")
""")


@pytest.fixture
def held_store(data_dir):
    open_store(data_dir).close()
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir / "milo.db")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "verrou pris"
    yield proc
    proc.stdin.close()
    proc.wait(timeout=30)


@pytest.mark.parametrize("command", ["import", "demo"])
def test_a_store_locked_by_another_process_gives_the_busy_message(held_store, data_dir, tmp_path,
                                                                  monkeypatch, capsys, command):
    monkeypatch.setenv("MILO_BUSY_TIMEOUT_MS", "100")
    args = (["import", "jeunes", str(people_csv(tmp_path / "j.csv", 5))] if command == "import"
            else ["demo", "--young", "10"])
    code = main(["--data-dir", str(data_dir), *args])
    err = capsys.readouterr().err
    assert code == Exit.BASE_INDISPONIBLE, err
    assert "occupée par un autre programme" in err and f"processus {held_store.pid}" in err
    assert "recommencez" in err and "Traceback" not in err and "database is locked" not in err


def test_busy_through_the_services(held_store, data_dir, monkeypatch):
    monkeypatch.setenv("MILO_BUSY_TIMEOUT_MS", "100")
    store = open_store(data_dir)
    try:
        with pytest.raises(faults.StoreBusy, match="occupée"):
            with store.write() as s:
                s.execute(select(1))
        assert not store.read_only
    finally:
        store.close()


# --- read-only, foreign -----------------------------------------------------------------------
def test_a_read_only_disk_is_named(tmp_path, capsys):
    folder = tmp_path / "lecture-seule"
    if not _mount_tmpfs(folder, "20m"):
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    try:
        open_store(folder / "base").close()
        before = digest(folder / "base" / "milo.db")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, timeout=30)
        code = main(["--data-dir", str(folder / "base"), "demo", "--young", "10"])
        err = capsys.readouterr().err
        assert code == Exit.BASE_INDISPONIBLE and "lecture seule" in err and "Traceback" not in err
        assert digest(folder / "base" / "milo.db") == before
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


def test_a_folder_named_like_the_store(data_dir, capsys):
    (data_dir / "milo.db").mkdir(parents=True)
    code = main(["--data-dir", str(data_dir), "export", "jeunes", "--out", str(data_dir.parent / "x.csv")])
    err = capsys.readouterr().err
    assert code == Exit.BASE_INDISPONIBLE and "est un dossier, pas une base" in err
    assert "Traceback" not in err


def test_a_foreign_file_carrying_our_revision(data_dir, capsys):
    data_dir.mkdir(parents=True)
    con = sqlite3.connect(data_dir / "milo.db")
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    con.execute("INSERT INTO alembic_version VALUES (?)", (SCHEMA_HEAD,))
    con.execute("CREATE TABLE clients (nom TEXT)")
    con.commit()
    con.close()
    before = digest(data_dir / "milo.db")
    with pytest.raises(faults.NotAMiloStore, match="ses tables ne sont pas celles de MILO"):
        open_store(data_dir)
    import io

    from milo_desktop.cli.selfcheck import run_self_check
    out = io.StringIO()
    assert run_self_check(data_dir, out=out) == 1
    assert "[ÉCHEC] Base de données" in out.getvalue() and "Tout est en ordre" not in out.getvalue()
    assert main(["--data-dir", str(data_dir), "anonymiser"]) == Exit.BASE_INDISPONIBLE
    assert "no such table" not in capsys.readouterr().err
    assert digest(data_dir / "milo.db") == before


def test_a_table_dropped_later_is_named_not_a_traceback(store, capsys):
    path = store.path
    store.close()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE transmission_cv")
    con.commit()
    con.close()
    code = main(["--data-dir", str(path.parent), "export", "jeunes", "--out", str(path.parent / "x.csv")])
    err = capsys.readouterr().err
    assert code == Exit.BASE_INDISPONIBLE and "transmission_cv" in err and "Traceback" not in err


def test_a_read_only_store_file_is_named(store, monkeypatch, capsys):
    """(As root every file is writable: the permission check is simulated.)"""
    store.close()
    monkeypatch.setattr(storefile.os, "access", lambda p, m: False)
    code = main(["--data-dir", str(store.data_dir), "anonymiser"])
    err = capsys.readouterr().err
    assert code == Exit.BASE_INDISPONIBLE and "est en lecture seule" in err and "Traceback" not in err
