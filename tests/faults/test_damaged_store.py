"""A store with a damaged page is never written to: it opens read-only, every bulk write and
every save is refused with a French message saying what to do, through the services and the CLI."""

from __future__ import annotations

import pytest

from milo_desktop.cli.exitcodes import Exit
from milo_desktop.cli.main import main
from milo_desktop.persistence import storefile
from milo_desktop.persistence.faults import StoreDamaged
from milo_desktop.persistence.migrations import open_store
from milo_desktop.services import AppContext, CurrentUser, Services

from .helpers import TODAY, damage_middle_page, demo_store, digest, files_in, people_csv


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "base"
    demo_store(folder)
    return folder


@pytest.fixture
def damaged(pristine, tmp_path):
    import shutil
    folder = tmp_path / "abimee"
    shutil.copytree(pristine, folder)
    path = folder / "milo.db"
    damage_middle_page(path)
    assert storefile.integrity_problems(path), "the damaged page must be one SQLite checks"
    return folder


def services_on(folder):
    store = open_store(folder)
    return Services(AppContext(store, CurrentUser(None, "Test"), today=lambda: TODAY))


def test_the_store_opens_then_the_check_turns_it_read_only(damaged):
    before = digest(damaged / "milo.db")
    services = services_on(damaged)
    try:
        result = services.maintenance.verifier_integrite()
        assert not result.saine and "endommagée" in result.message
        assert "Exportez" in result.message and "sauvegarde" in result.message
        assert "est plein" not in result.message  # a damaged file is not a full disk
        assert services.ctx.store.read_only
        with pytest.raises(StoreDamaged):
            with services.ctx.store.write():
                pass
    finally:
        services.ctx.store.close()
    assert digest(damaged / "milo.db") == before


@pytest.mark.parametrize("operation", ["import", "anonymiser", "demo"])
def test_every_bulk_write_is_refused_through_the_services(damaged, tmp_path, operation):
    before = digest(damaged / "milo.db")
    services = services_on(damaged)  # no check at opening here: the bulk write does its own
    try:
        with pytest.raises(StoreDamaged, match="endommagée"):
            if operation == "import":
                preview = services.imports.analyse("jeunes", people_csv(tmp_path / "j.csv", 50))
                services.imports.run(preview)
            elif operation == "anonymiser":
                services.ctx.store.before_bulk_write()  # what anonymiser() does before writing
                services.maintenance.anonymiser()
            else:
                services.demo.generate(50, force=True)
    finally:
        services.ctx.store.close()
    assert digest(damaged / "milo.db") == before
    assert files_in(damaged / "sauvegardes") == []  # not even a backup of a damaged file


def test_anonymiser_checks_before_writing(damaged, monkeypatch):
    services = services_on(damaged)
    try:
        monkeypatch.setattr(type(services.maintenance), "echus",
                            lambda self: __import__("milo_desktop.services.maintenance",
                                                    fromlist=["Echus"]).Echus((1, 2)))
        with pytest.raises(StoreDamaged):
            services.maintenance.anonymiser()
    finally:
        services.ctx.store.close()


@pytest.mark.parametrize("args", [["import", "jeunes", "{csv}"], ["anonymiser"],
                                  ["demo", "--young", "20", "--force"]])
def test_every_bulk_write_is_refused_through_the_cli(damaged, tmp_path, capsys, args):
    before = digest(damaged / "milo.db")
    csv_file = people_csv(tmp_path / "j.csv", 50)
    args = [a.replace("{csv}", str(csv_file)) for a in args]
    code = main(["--data-dir", str(damaged), *args])
    err = capsys.readouterr().err
    assert code == Exit.BASE_INDISPONIBLE, err
    assert "endommagée" in err and "Traceback" not in err and "malformed" not in err
    assert digest(damaged / "milo.db") == before
    assert files_in(damaged / "sauvegardes") == []


def test_a_save_after_the_check_is_refused(damaged):
    from milo_desktop.domain import referentiel as ref
    services = services_on(damaged)
    try:
        services.maintenance.verifier_integrite()
        with pytest.raises(StoreDamaged):
            services.settings.save_site(ref.SiteInput("Nouveau site", "antenne", commune="Foix"))
    finally:
        services.ctx.store.close()


def test_the_window_says_so_after_painting(damaged, qtbot):
    from PySide6.QtWidgets import QLabel, QMessageBox

    from milo_desktop.gui.app import make_app
    from milo_desktop.gui.main_window import MainWindow
    from milo_desktop.gui.store_health import READ_ONLY_LABEL, check_in_background
    make_app([])
    services = services_on(damaged)
    win = MainWindow(services, str(services.ctx.store.path))
    qtbot.addWidget(win)
    win.show()
    check_in_background(win)
    qtbot.waitUntil(lambda: win.findChild(QMessageBox, "baseEndommagee") is not None, timeout=60000)
    box = win.findChild(QMessageBox, "baseEndommagee")
    assert "endommagée" in box.text() and "lecture seule" in win.windowTitle()
    label = win.statusBar().findChild(QLabel, "lectureSeule")
    assert label is not None and label.text() == READ_ONLY_LABEL
    box.close()
    from PySide6.QtCore import QThreadPool
    QThreadPool.globalInstance().waitForDone(30000)
    services.ctx.store.close()


def test_what_can_be_read_can_still_be_exported(damaged, tmp_path):
    """The way out the message gives: the lists export from the damaged store, which stays as it was."""
    before = digest(damaged / "milo.db")
    out = tmp_path / "jeunes.csv"
    assert main(["--data-dir", str(damaged), "export", "jeunes", "--out", str(out)]) == Exit.SUCCES
    assert out.read_text(encoding="utf-8-sig").count("\n") > 100
    assert digest(damaged / "milo.db") == before
