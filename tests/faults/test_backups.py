"""Backups are whole or absent: a temporary name, checked, renamed; a failure or a kill -9
leaves nothing once the next start has run; old backups are pruned by a documented policy."""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from milo_desktop.persistence import faults, storefile
from milo_desktop.persistence.migrations import open_store

from .helpers import files_in

SLOW_BACKUP = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from milo_desktop.persistence import storefile
    path = Path(sys.argv[1])

    def progress(done, total):
        print("copie", done, total, flush=True)
        time.sleep(600)  # killed here, half-way
    storefile.backup(path, path.parent / "sauvegardes", "avant-import", progress=progress)
""")


def _big_store(data_dir):
    store = open_store(data_dir)
    store.close()
    con = sqlite3.connect(store.path)
    con.execute("CREATE TABLE IF NOT EXISTS lest (x BLOB)")  # pages enough for several steps
    con.executemany("INSERT INTO lest VALUES (?)", [(os.urandom(4000),) for _ in range(1500)])
    con.commit()
    con.close()
    return store.path


def test_kill_9_during_a_backup_leaves_nothing_after_the_next_start(data_dir):
    path = _big_store(data_dir)
    proc = subprocess.Popen([sys.executable, "-c", SLOW_BACKUP, str(path)], stdout=subprocess.PIPE,
                            text=True, cwd=os.getcwd())
    try:
        line = proc.stdout.readline()
        assert line.startswith("copie"), line
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    backups = data_dir / "sauvegardes"
    assert [n for n in files_in(backups) if n.startswith(storefile.TEMP_PREFIX)]  # the half-made copy
    assert not [n for n in files_in(backups) if n.endswith(".db")]  # never under a backup's name
    open_store(data_dir).close()  # the next start
    assert files_in(backups) == []  # no partial file, no -journal


def test_a_backup_of_a_running_process_is_left_alone(data_dir):
    backups = data_dir / "sauvegardes"
    backups.mkdir(parents=True)
    mine = backups / f"{storefile.TEMP_PREFIX}20260101-000000-{os.getpid()}.tmp"
    mine.write_bytes(b"en cours")
    open_store(data_dir).close()
    assert mine.exists()


def test_a_failed_backup_leaves_nothing(store, monkeypatch):
    def broken_check(p, quick=True):
        return ["page 3 illisible"] if p.name.startswith(storefile.TEMP_PREFIX) else []
    monkeypatch.setattr(storefile, "integrity_problems", broken_check)
    with pytest.raises(faults.StoreDamaged):
        storefile.backup(store.path, store.backups_dir, "test")
    assert files_in(store.backups_dir) == []


def test_a_full_disk_during_a_backup_leaves_nothing_and_says_so(store, monkeypatch):
    real = storefile.copy_database

    def full(source, target, progress=None):
        real(source, target, progress)
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(storefile, "copy_database", full)
    with pytest.raises(faults.DiskFull, match="est plein"):
        storefile.backup(store.path, store.backups_dir, "test")
    assert files_in(store.backups_dir) == []


def test_a_backup_is_whole_checked_and_private(store):
    target = storefile.backup(store.path, store.backups_dir, "test")
    assert files_in(store.backups_dir) == [target.name]
    assert storefile.integrity_problems(target, quick=False) == []
    assert target.stat().st_mode & 0o777 == 0o600
    assert store.backups_dir.stat().st_mode & 0o777 == 0o700


def test_no_room_for_the_safety_backup_says_how_much(store, monkeypatch):
    monkeypatch.setattr(faults, "free_space", lambda folder: 10_000)
    with pytest.raises(faults.DiskFull) as err:
        store.safety_backup("avant-import")
    size = storefile.backup_size(store.path)
    assert f"il faut {faults.mb(int(size * storefile.BACKUP_MARGIN) + 1_000_000)} libres" in err.value.message
    assert files_in(store.backups_dir) == []


def test_pruning_keeps_the_ten_most_recent_and_nothing_older_than_90_days(tmp_path):
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    now = time.time()
    ages = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 200]  # days
    for i, days in enumerate(ages):
        p = folder / f"milo-20260101-0000{i:02d}-avant-import.db"
        p.write_bytes(b"x")
        os.utime(p, (now - days * 86400, now - days * 86400))
    keep = folder / "ma-copie.db"  # not ours: never touched
    keep.write_bytes(b"x")
    removed = storefile.prune_backups(folder, "milo", now=now)
    assert len(removed) == 3 and keep.exists()
    assert len(list(folder.glob("milo-*.db"))) == storefile.BACKUPS_KEPT
    # alone and old, the last backup stays: better an old copy than none
    for p in folder.glob("milo-*.db"):
        os.utime(p, (now - 400 * 86400, now - 400 * 86400))
    storefile.prune_backups(folder, "milo", now=now)
    assert len(list(folder.glob("milo-*.db"))) == 1


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@pytest.fixture(scope="module")
def ballast_store(tmp_path_factory):
    return _big_store(tmp_path_factory.mktemp("lest") / "base")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(step=st.integers(min_value=1, max_value=8), fault=st.sampled_from(["interrompu", "plein"]))
def test_whatever_step_a_backup_fails_at_nothing_is_left_and_nothing_lost(ballast_store, step, fault):
    """Property: a backup stopped at any step (Ctrl+C, full disk) leaves no file at all, and the
    store it was copying keeps every row."""
    folder = ballast_store.parent / "sauvegardes"
    before = sqlite3.connect(ballast_store).execute("SELECT count(*), sum(length(x)) FROM lest").fetchone()
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == step:
            raise KeyboardInterrupt() if fault == "interrompu" else OSError(errno.ENOSPC, "full")
    try:
        storefile.backup(ballast_store, folder, "test", progress=progress)
    except (KeyboardInterrupt, faults.DiskFull):
        assert files_in(folder) == []
    else:  # fewer steps than ``step``: the backup is whole and holds every row
        (whole,) = folder.glob("milo-*.db")
        assert sqlite3.connect(whole).execute("SELECT count(*), sum(length(x)) FROM lest").fetchone() == before
        whole.unlink()
    after = sqlite3.connect(ballast_store).execute("SELECT count(*), sum(length(x)) FROM lest").fetchone()
    assert after == before
