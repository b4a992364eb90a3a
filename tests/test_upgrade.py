"""A store made by the previous release opens with this one, migrated, nothing lost.

``tests/fixtures/previous-release/milo.db`` was written by the code that landed before this
release (commit 0d42741, schema 0002) with ``milo-desktop --data-dir X demo --young 200 --seed 1``
(generated data only). When a release ships, replace it with a store made by that release.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from milo_desktop.persistence.migrations import open_store
from milo_desktop.persistence.schema import SCHEMA_HEAD

FIXTURE = Path(__file__).parent / "fixtures" / "previous-release" / "milo.db"
FIXTURE_REVISION = "0002"


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version'")]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


@pytest.fixture
def old_store(tmp_path) -> Path:
    folder = tmp_path / "donnees"
    folder.mkdir()
    shutil.copy2(FIXTURE, folder / "milo.db")
    return folder


def test_the_fixture_is_the_previous_release_store():
    con = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == FIXTURE_REVISION
    assert con.execute("SELECT count(*) FROM jeune").fetchone()[0] == 200
    con.close()


def test_previous_release_store_opens_migrated_with_all_its_rows(old_store):
    before = _counts(old_store / "milo.db")
    store = open_store(old_store)
    try:
        from alembic.autogenerate import compare_metadata
        from alembic.migration import MigrationContext
        from milo_desktop.persistence.models import Base
        after = _counts(store.path)
        assert {t: after[t] for t in before} == before  # every row of every table is still there
        with store.engine.connect() as conn:
            rev = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                    Base.metadata)
        assert rev == SCHEMA_HEAD
        assert diff == []  # the migrated schema is exactly this version's
        backups = list((old_store / "sauvegardes").glob("*avant-migration*.db"))
        # A store behind this version is backed up before it is migrated.
        assert len(backups) == (0 if FIXTURE_REVISION == SCHEMA_HEAD else 1)
    finally:
        store.close()


def test_previous_release_store_is_usable(old_store):
    from milo_desktop.services import AppContext, Services
    store = open_store(old_store)
    try:
        services = Services(AppContext(store))
        headers, rows = services.exports.table("jeunes")
        assert len(rows) == 200
        assert services.maintenance.schema().a_jour
        assert services.maintenance.verifier_integrite().saine
    finally:
        store.close()


def test_about_shows_version_and_schema_revision(qtbot, window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from milo_desktop import __version__
    aide = next(a.menu() for a in window.menuBar().actions() if a.text() == "A&ide")
    about = next(a for a in aide.actions() if a.text().startswith("À &propos"))
    seen = []

    def read_and_close():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, read_and_close)
    QTimer.singleShot(0, read_and_close)
    about.trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert f"Version {__version__}" in seen[0]
    assert f"schéma révision {SCHEMA_HEAD} (à jour)" in seen[0]
