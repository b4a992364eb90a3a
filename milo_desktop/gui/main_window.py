"""The main window: navigation between the areas, menus with shortcuts, status bar."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel, QListWidget, QListWidgetItem, QMainWindow, QSplitter, QStackedWidget, QWidget,
)

from .. import APP_NAME
from .pages import AREAS
from .style import area_icon


class MainWindow(QMainWindow):
    def __init__(self, services, store_path: str, parent=None):
        super().__init__(parent)
        self.services = services
        self.store_path = store_path
        self.pages: dict[str, QWidget] = {}
        self._keys = [a[0] for a in AREAS]
        self.setWindowTitle(self._title())
        self._build_central()
        self._build_menus()
        self._build_status()
        self._restore_geometry()
        self.show_area("tableau")

    def _title(self) -> str:
        org = self.services.settings.organisation().fields.nom
        return f"{org} — {APP_NAME}" if org else APP_NAME

    # --- layout ---------------------------------------------------------------------------
    def _build_central(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(220)
        for key, label, _factory, shortcut in AREAS:
            item = QListWidgetItem(area_icon(key, self.style()), label)
            item.setToolTip(f"{label} ({shortcut})")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.nav.currentRowChanged.connect(lambda row: self.show_area(self._keys[row]))
        split = QSplitter()
        split.addWidget(self.nav)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.setCentralWidget(split)

    def page(self, key: str) -> QWidget:
        if key not in self.pages:
            factory = dict((a[0], a[2]) for a in AREAS)[key]
            module, cls = factory.split(":")
            mod = importlib.import_module(f"{__package__}.pages.{module}")
            page = getattr(mod, cls)(self.services, self)
            page.setObjectName(f"page_{key}")
            self.pages[key] = page
            self.stack.addWidget(page)
        return self.pages[key]

    def show_area(self, key: str):
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        row = self._keys.index(key)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        if hasattr(page, "refresh"):
            page.refresh()
        return page

    def current_area(self) -> str:
        return self._keys[self.nav.currentRow()]

    def open_item(self, area: str, kind: str, item_id) -> None:
        """Go to an area and open one of its records (used by dashboards and work lists)."""
        page = self.show_area(area)
        if hasattr(page, "open_item"):
            page.open_item(kind, item_id)

    # --- menus ----------------------------------------------------------------------------
    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        act = QAction(text, self)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def _build_menus(self) -> None:
        bar = self.menuBar()
        fichier = bar.addMenu("&Fichier")
        self._action(fichier, "&Importer une liste (CSV, Excel)…", self.import_data, "Ctrl+I")
        exporter = fichier.addMenu("E&xporter")
        from .imports.exporting import EXPORT_LABELS
        for kind, label in EXPORT_LABELS.items():
            self._action(exporter, f"{label}…", lambda _c=False, k=kind: self.export_kind(k))
        fichier.addSeparator()
        self._action(fichier, "Sauvegarder la base…", self.backup_store, "Ctrl+Shift+S")
        self._action(fichier, "Changer d'utilisateur ou de site…", self.change_user, "Ctrl+Shift+U")
        fichier.addSeparator()
        self._action(fichier, "&Quitter", self.close, QKeySequence.StandardKey.Quit)
        affichage = bar.addMenu("&Affichage")
        for key, label, _f, shortcut in AREAS:
            self._action(affichage, label.replace("&", "&&"), lambda _c=False, k=key: self.show_area(k), shortcut)
        outils = bar.addMenu("&Outils")
        self._action(outils, "&Paramètres…", self.open_settings, "Ctrl+,")
        self._action(outils, "Vérifier l'installation", self.self_check)
        outils.addSeparator()
        self._action(outils, "Anonymiser les dossiers échus…", self.anonymise_due_files)
        aide = bar.addMenu("A&ide")
        self._action(aide, "Ouvrir le dossier du journal technique", self.open_log_folder)
        self._action(aide, f"À &propos de {APP_NAME}", self.about, "F1")

    def _build_status(self) -> None:
        self.user_label = QLabel()
        self.store_label = QLabel()
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.store_label)
        self.update_status()

    def update_status(self) -> None:
        ctx = self.services.ctx
        site = next((s.nom for s in self.services.settings.sites() if s.id == ctx.site_id), "aucun site")
        self.user_label.setText(f"Utilisateur : {ctx.user.nom_complet} — Site : {site}")
        self.store_label.setText(f"Base : {self.store_path}")

    # --- actions --------------------------------------------------------------------------
    def open_settings(self) -> None:
        from .dialogs.settings_dialog import SettingsDialog
        SettingsDialog(self.services, self).exec()
        self.setWindowTitle(self._title())
        self.update_status()
        if "parametres" in self.pages:
            self.pages["parametres"].refresh()

    def import_data(self, kind: str | None = None) -> None:
        from .imports import open_import_wizard
        wizard = open_import_wizard(self.services, self, kind)
        wizard.imported.connect(lambda _report: self.refresh_pages())
        return wizard

    def export_kind(self, kind: str) -> None:
        from .imports.exporting import export_kind
        export_kind(self.services, self, kind)

    def refresh_pages(self) -> None:
        for page in self.pages.values():
            if hasattr(page, "refresh"):
                page.refresh()

    def change_user(self) -> None:
        from .dialogs.login_dialog import choose_user
        if choose_user(self.services, self, force=True):
            self.update_status()

    def backup_store(self) -> None:
        from .dialogs.messages import info, show_error
        try:
            target = self.services.maintenance.backup()
        except Exception as err:  # noqa: BLE001 - shown to the user
            show_error(self, err)
            return
        info(self, "Sauvegarde", f"La base a été sauvegardée dans :\n{target}")

    def anonymise_due_files(self):
        from .dialogs.anonymisation import anonymise_due_files
        page = self.stack.currentWidget()
        return anonymise_due_files(self, self.services,
                                   on_done=getattr(page, "refresh", None))

    def self_check(self) -> None:
        import io
        from ..cli.selfcheck import run_self_check
        from .dialogs.messages import info
        out = io.StringIO()
        run_self_check(self.services.ctx.store.data_dir, out=out)
        info(self, "Vérification de l'installation", out.getvalue())

    def open_log_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices
        from ..logsetup import setup_logging
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(setup_logging().parent)))

    def about(self) -> None:
        from .dialogs.about import show_about
        show_about(self)

    # --- geometry -------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = QSettings().value("fenetre/geometrie")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    def closeEvent(self, event) -> None:  # noqa: N802
        QSettings().setValue("fenetre/geometrie", self.saveGeometry())
        super().closeEvent(event)
