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

# An area is shown only when the account's role grants this action (security/permissions.py).
AREA_ACTIONS = {"tableau": "tableau.lire", "jeunes": "jeunes.lire", "cotraitance": "cotraitance.lire",
                "offres": "offres.lire", "mission_jeunes": "fastt.lire", "bilans": "bilans.lire",
                "parametres": "reference.lire"}


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
        from .idle_lock import IdleLock
        self.idle_lock = IdleLock(self, services)
        self.apply_role()
        self.show_area("tableau")

    def may(self, action: str) -> bool:
        return self.services.settings.may(action)

    def apply_role(self) -> None:
        """Hide the areas and menu entries the role cannot use (the services refuse anyway)."""
        for row, key in enumerate(self._keys):
            self.nav.setRowHidden(row, not self.may(AREA_ACTIONS.get(key, "reference.lire")))
        for action, needed in self.role_actions:
            action.setVisible(self.may(needed))

    def _title(self) -> str:
        org = self.services.settings.organisation().fields.nom
        title = f"{org} — {APP_NAME}" if org else APP_NAME
        return f"{title} — BASE DE DÉMONSTRATION (données inventées)" if self.is_demo() else title

    def is_demo(self) -> bool:
        return self.services.settings.get("demo") is not None

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
        if not self.may(AREA_ACTIONS.get(key, "reference.lire")):
            key = "tableau"
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
        self.role_actions = []
        act = self._action(fichier, "&Importer une liste (CSV, Excel)…", self.import_data, "Ctrl+I")
        self.role_actions.append((act, "imports"))
        exporter = fichier.addMenu("E&xporter")
        self.role_actions.append((exporter.menuAction(), "exports"))
        from .imports.exporting import EXPORT_LABELS
        for kind, label in EXPORT_LABELS.items():
            self._action(exporter, f"{label}…", lambda _c=False, k=kind: self.export_kind(k))
        fichier.addSeparator()
        act = self._action(fichier, "Sauvegarder la base…", self.backup_store, "Ctrl+Shift+S")
        self.role_actions.append((act, "sauvegarde"))
        self._action(fichier, "Changer d'utilisateur ou de site…", self.change_user, "Ctrl+Shift+U")
        self._action(fichier, "&Verrouiller l'écran", lambda: self.idle_lock.lock(), "Ctrl+L")
        self._action(fichier, "Changer mon mot de &passe…", self.change_password)
        fichier.addSeparator()
        self._action(fichier, "&Quitter", self.close, QKeySequence.StandardKey.Quit)
        affichage = bar.addMenu("&Affichage")
        for key, label, _f, shortcut in AREAS:
            self._action(affichage, label, lambda _c=False, k=key: self.show_area(k), shortcut)
        outils = bar.addMenu("&Outils")
        act = self._action(outils, "&Paramètres…", self.open_settings, "Ctrl+,")
        self.role_actions.append((act, "parametres.ecrire"))
        self._action(outils, "Vérifier l'installation", self.self_check)
        act = self._action(outils, "Journal d'audit…", self.open_audit)
        self.role_actions.append((act, "audit.tout"))
        outils.addSeparator()
        act = self._action(outils, "Anonymiser les dossiers échus…", self.anonymise_due_files)
        self.role_actions.append((act, "anonymisation"))
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
        from ..domain.referentiel import ROLES, label
        role = f" ({label(ROLES, ctx.user.role)})" if ctx.authenticated else ""
        demo = "Base de démonstration — " if self.is_demo() else ""
        self.user_label.setText(f"{demo}Utilisateur : {ctx.user.nom_complet}{role} — Site : {site}")
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

    def change_user(self) -> bool:
        """Close this session (after a warning: unsaved edits are lost, never saved under another
        person's name) and open another one."""
        from .dialogs.login_dialog import choose_user
        from .dialogs.messages import confirm
        if not confirm(self, "Changer d'utilisateur",
                       f"La session de {self.services.ctx.user.nom_complet} va être fermée : les "
                       "modifications non enregistrées des fenêtres ouvertes seront perdues.",
                       "Fermer la session"):
            return False
        self.idle_lock.release()
        from PySide6.QtWidgets import QApplication
        for w in QApplication.topLevelWidgets():
            if w is not self and w.isWindow() and w.isVisible():
                w.close()
        self.services.comptes.fermer_session()
        self._reset_pages()
        if not choose_user(self.services, self, force=True):
            self.close()
            return False
        self.update_status()
        self.apply_role()
        self.show_area("tableau")
        return True

    def open_audit(self) -> None:
        from .comptes.audit_views import AuditDialog
        AuditDialog(self.services, self).exec()

    def _reset_pages(self) -> None:
        """Nothing of the previous session stays on screen."""
        for page in list(self.pages.values()):
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()

    def change_password(self) -> None:
        from .dialogs.login_dialog import ChangePasswordDialog
        from .dialogs.messages import info
        if ChangePasswordDialog(self.services, self).exec():
            info(self, "Mot de passe", "Votre mot de passe a été changé.")

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        lock = getattr(self, "idle_lock", None)
        if lock is not None and lock.is_locked:
            lock.screen.setGeometry(self.rect())

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
