"""GUI start-up: QApplication in French, single instance, store opening, user choice, window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import APP_ID, APP_NAME, ORG_NAME, __version__
from ..domain.errors import DomainError
from .dialogs import files

log = logging.getLogger(__name__)


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    install_translations(app)
    from . import resources_rc  # noqa: F401 - registers :/icons/…
    app.setWindowIcon(QIcon(":/icons/milo.svg"))
    from .style import STYLESHEET
    app.setStyleSheet(STYLESHEET)
    if getattr(app, "gc_guard", None) is None:
        from .gc_guard import install
        app.gc_guard = install(app)  # cyclic garbage collected in the GUI thread only
    return app


def install_translations(app: QApplication) -> None:
    """Qt's own dialogs (buttons, file chooser) in French."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_fr",):
        tr = QTranslator(app)
        if tr.load(name, folder):
            app.installTranslator(tr)


def install_excepthook(parent_getter) -> None:
    """An unexpected exception shows a French dialog pointing to the log, instead of vanishing."""
    def hook(exc_type, exc, tb):
        log.critical("Exception non gérée", exc_info=(exc_type, exc, tb))
        from .dialogs.messages import show_error
        try:
            show_error(parent_getter(), exc)
        except Exception:  # noqa: BLE001 - last resort
            sys.__excepthook__(exc_type, exc, tb)
    sys.excepthook = hook


def open_store_interactive(data_dir: Path):
    """Open the store; on a French StoreError let the user choose another folder or quit."""
    from ..persistence.migrations import open_store
    while True:
        try:
            return open_store(data_dir)
        except DomainError as err:
            box = QMessageBox(QMessageBox.Icon.Critical, "Base inutilisable", err.message)
            other = box.addButton("Choisir un autre dossier…", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("Quitter", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is not other:
                return None
            chosen = files.getExistingDirectory(None, "Dossier de la base MILO Desktop")
            if not chosen:
                return None
            data_dir = Path(chosen)


def build_window(services, store):
    from .dialogs.login_dialog import choose_user
    from .main_window import MainWindow
    if not services.settings.is_configured():
        from .dialogs.settings_dialog import SettingsDialog
        QMessageBox.information(None, "Bienvenue", (
            f"Bienvenue dans {APP_NAME}. Renseignez d'abord votre Mission Locale, ses sites et "
            "les personnes qui utilisent l'application.\nAstuce : « milo-desktop demo » crée une "
            "base de démonstration à explorer."))
        SettingsDialog(services, None).exec()
    choose_user(services, None)
    return MainWindow(services, str(store.path))


def run_gui(data_dir: Path, argv: list[str]) -> int:
    app = make_app(argv)
    from .single_instance import SingleInstance
    guard = SingleInstance(data_dir)
    if not guard.acquire():
        print(f"{APP_NAME} est déjà ouvert sur ce dossier de données : sa fenêtre a été mise au premier plan.")
        return 0
    store = open_store_interactive(data_dir)
    if store is None:
        return 1
    from ..services import AppContext, Services
    services = Services(AppContext(store))
    window = build_window(services, store)
    install_excepthook(lambda: window)
    guard.raise_requested.connect(lambda: (window.showNormal(), window.raise_(), window.activateWindow()))
    window.show()
    code = app.exec()
    guard.release()
    store.close()
    return code
