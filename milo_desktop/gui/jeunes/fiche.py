"""The fiche jeune: a header (name, age, référent, date de fin prévue), the Identité and Journal
tabs, then the tabs other areas contribute (built the first time they are shown)."""

from __future__ import annotations

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTabWidget, QVBoxLayout,
    QWidget,
)

from ...domain.dates import format_date
from ...domain.errors import ConflictError, DomainError, DuplicateWarning
from ..dialogs.messages import confirm, say_saved, show_error
from .fiche_tabs import extra_tab_classes
from .identite_tab import IdentiteTab
from .journal_tab import JournalTab

ARCHIVED_STYLE = "background: #fff3cd; color: #6b4e00; padding: 2px 8px; border-radius: 3px;"


class FicheJeuneDialog(QDialog):
    """``jeune_id`` None opens an empty fiche (référent = current user, site = current site).
    A file is open once: ``find_open(jeune_id)`` gives the fiche already showing it, which the
    pages bring forward instead of opening a second copy (that copy would later report a false
    « modifiée par quelqu'un d'autre »)."""

    saved = Signal(object)  # the JeuneDetail after a create, update, archive or unarchive
    _open: dict = {}  # jeune id -> the fiche showing it

    @classmethod
    def find_open(cls, jeune_id):
        dialog = cls._open.get(jeune_id) if jeune_id is not None else None
        try:
            return dialog if dialog is not None and dialog.isVisible() else None
        except RuntimeError:  # its C++ side is gone
            cls._open.pop(jeune_id, None)
            return None

    def bring_forward(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def _register(self) -> None:
        if self.detail is not None:
            FicheJeuneDialog._open[self.detail.id] = self

    def _unregister(self, *_args) -> None:
        for key, dialog in list(FicheJeuneDialog._open.items()):
            if dialog is self:
                del FicheJeuneDialog._open[key]

    def __init__(self, services, jeune_id=None, parent=None):
        super().__init__(parent)
        self.services = services
        self.detail = services.jeunes.get(jeune_id) if jeune_id else None
        self.dirty = False
        self._extra: dict[int, type] = {}
        self.setWindowTitle("Fiche jeune")
        self.resize(1060, 760)
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        users = services.settings.utilisateurs(only_active=True)
        self.identite = IdentiteTab(services, users=users)
        self.identite.changed.connect(self._mark_dirty)
        self.tabs.addTab(self.identite, "&Identité")
        self.journal = JournalTab(services, jeune_id, users=users)
        self.tabs.addTab(self.journal, "&Journal")
        self._add_extra_tabs()
        self.tabs.currentChanged.connect(self._tab_shown)
        layout.addLayout(self._buttons())
        self.identite.load(self.detail, services.ctx.user.id, services.ctx.site_id)
        self._refresh()
        self.finished.connect(self._unregister)

    # --- layout ---------------------------------------------------------------------------
    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        texts = QVBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel()
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        texts.addWidget(self.title)
        texts.addWidget(self.subtitle)
        row.addLayout(texts, 1)
        self.archived_badge = QLabel("Fiche archivée")
        self.archived_badge.setStyleSheet(ARCHIVED_STYLE)
        row.addWidget(self.archived_badge, 0, Qt.AlignmentFlag.AlignTop)
        # domain.retention: until when the file stays identifiable (settings' keeping times).
        self.conservation_badge = QLabel()
        self.conservation_badge.setWordWrap(True)
        self.conservation_badge.setMaximumWidth(360)
        self.conservation_badge.setStyleSheet("color: #444; font-size: 11px;")
        row.addWidget(self.conservation_badge, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _add_extra_tabs(self) -> None:
        for title, cls in extra_tab_classes():
            index = self.tabs.addTab(QWidget(), title)
            self._extra[index] = cls

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.print_button = QPushButton("Imprimer la fiche…")
        self.print_button.clicked.connect(self.print_fiche)
        self.archive_button = QPushButton()
        self.archive_button.clicked.connect(self.toggle_archive)
        self.save_button = QPushButton("&Enregistrer")
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("Fermer")
        close.clicked.connect(self.reject)
        for w in (self.print_button, self.archive_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(close)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_fiche)
        self.print_button.setToolTip("Ctrl+P")
        return row

    # --- state ----------------------------------------------------------------------------
    @property
    def jeune_id(self):
        return self.detail.id if self.detail else None

    def _mark_dirty(self) -> None:
        self.dirty = True

    def _refresh(self) -> None:
        """Header, window title and which tabs and buttons are usable."""
        d = self.detail
        self._register()
        self.title.setText(d.nom_complet if d else "Nouvelle fiche jeune")
        self.subtitle.setText(self._summary(d) if d else
                              "Saisissez l'identité puis « Enregistrer » (Ctrl+S) : le journal et les "
                              "autres onglets seront alors disponibles.")
        self.setWindowTitle(f"Fiche jeune — {d.nom_complet}" if d else "Nouvelle fiche jeune")
        self.archived_badge.setVisible(bool(d and d.archive))
        self.archived_badge.setText(f"Dossier anonymisé le {format_date(d.anonymise_le)}"
                                    if d and d.anonymise_le else "Fiche archivée")
        self.conservation_badge.setText(d.conservation if d and not d.anonymise_le else "")
        self.conservation_badge.setVisible(bool(d and not d.anonymise_le))
        self.archive_button.setText("Réactiver la fiche" if d and d.archive else "Archiver la fiche…")
        for index in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(index, d is not None)
        self.print_button.setEnabled(d is not None)
        self.archive_button.setEnabled(d is not None)

    @staticmethod
    def _summary(d) -> str:
        parts = [f"{d.age} ans (né(e) le {format_date(d.date_naissance)})",
                 f"Référent : {d.referent_nom or 'aucun'}", f"Site : {d.site_nom or 'aucun'}"]
        c = d.cotraitance
        if c.date_fin_prevue:
            why = f" ({c.motif_fin_label})" if c.motif_fin_prevue else ""
            parts.append(f"Fin prévue : {format_date(c.date_fin_prevue)}{why}")
        elif c.phase:
            parts.append(c.phase_label)
        return " · ".join(parts)

    def show_tab(self, title: str) -> bool:
        """Show the tab titled ``title`` (« Cotraitance »…), building it if needed."""
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index).replace("&", "") == title and self.tabs.isTabEnabled(index):
                if self.tabs.currentIndex() == index:
                    self._tab_shown(index)
                self.tabs.setCurrentIndex(index)
                return True
        return False

    def _tab_shown(self, index: int) -> None:
        if index in self._extra and self.jeune_id is not None:
            cls = self._extra.pop(index)
            widget = cls(self.services, self.jeune_id, self)
            if hasattr(widget, "changed"):
                widget.changed.connect(self.reload_detail)
            title = self.tabs.tabText(index)
            self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, widget, title)
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)
        elif hasattr(widget := self.tabs.widget(index), "reload") and index > 1:
            widget.reload()

    def reload_detail(self) -> None:
        """Re-read the file (another tab saved something: cotraitance dates, for instance)."""
        self.detail = self.services.jeunes.get(self.jeune_id)
        if not self.dirty:
            self.identite.load(self.detail)
        self._refresh()

    # --- saving ---------------------------------------------------------------------------
    def save(self) -> bool:
        data, referent_id, site_id, programmes = self.identite.values()
        try:
            if self.detail is None:
                detail = self._create(data, referent_id, site_id, programmes)
            else:
                detail = self.services.jeunes.update(self.jeune_id, data, referent_id, site_id,
                                                     programmes, self.detail.version,
                                                     cej=self.identite.cej_dates())
        except ConflictError as err:
            self._conflict(err)
            return False
        except DomainError as err:
            self.tabs.setCurrentWidget(self.identite)
            self.identite.show_errors(err)
            return False
        if detail is None:
            return False
        self._saved(detail)
        return True

    def _create(self, data, referent_id, site_id, programmes):
        try:
            return self.services.jeunes.create(data, referent_id, site_id, programmes,
                                               cej=self.identite.cej_dates())
        except DuplicateWarning as warning:
            if not confirm(self, "Doublon probable", f"{warning.message}\n\nCréer quand même une "
                           "nouvelle fiche ?", "Créer quand même"):
                return None
            return self.services.jeunes.create(data, referent_id, site_id, programmes, force=True,
                                               cej=self.identite.cej_dates())

    def _saved(self, detail) -> None:
        created = self.detail is None
        self.detail = detail
        self.dirty = False
        self.identite.load(detail)
        if created:
            self.journal.jeune_id = detail.id
            self.journal.reload()
        self._refresh()
        say_saved(self.parentWidget(), f"Fiche enregistrée : {detail.nom_complet}.")
        self.saved.emit(detail)

    def _conflict(self, err: ConflictError) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Fiche modifiée entre-temps", err.message, parent=self)
        reload_btn = box.addButton("Recharger la fiche", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Garder ma saisie", QMessageBox.ButtonRole.RejectRole)
        box.setInformativeText("« Recharger » affiche la version enregistrée (votre saisie est perdue) ; "
                               "« Garder ma saisie » vous laisse la recopier.")
        box.exec()
        if box.clickedButton() is reload_btn:
            self.dirty = False
            self.reload_detail()

    def toggle_archive(self) -> None:
        d = self.detail
        if d is None:
            return
        if not d.archive and not confirm(
                self, "Archiver la fiche",
                f"Archiver la fiche de {d.nom_complet} ?\n\nElle n'apparaîtra plus dans la liste des "
                "jeunes (cochez « Afficher les fiches archivées » pour la retrouver). Son journal est "
                "conservé et la fiche peut être réactivée.", "Archiver"):
            return
        action = self.services.jeunes.unarchive if d.archive else self.services.jeunes.archive
        try:
            self._saved_keep_form(action(d.id, d.version))
        except DomainError as err:
            show_error(self, err)

    def _saved_keep_form(self, detail) -> None:
        self.detail = detail
        self._refresh()
        self.saved.emit(detail)

    # --- printing and closing -------------------------------------------------------------
    def print_fiche(self) -> None:
        if self.detail is not None:
            print_fiche(self, self.services, self.detail)

    def reject(self) -> None:
        if self.dirty and not confirm(self, "Modifications non enregistrées",
                                      "La fiche a été modifiée. Fermer sans enregistrer ?",
                                      "Fermer sans enregistrer"):
            return
        super().reject()


# --- printing, shared with the list page --------------------------------------------------------

def print_fiche(parent, services, detail) -> str | None:
    """Ask where to save the one-page PDF, write it and open it; returns the path written."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name = f"Fiche {detail.nom} {detail.prenom}.pdf".replace("/", "-")
    path, _ = QFileDialog.getSaveFileName(parent, "Enregistrer la fiche (PDF)", f"{folder}/{name}",
                                          "Document PDF (*.pdf)")
    if path and write_fiche(parent, services, detail.id, path):
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))
        return path
    return None


def write_fiche(parent, services, jeune_id, path: str) -> bool:
    try:
        data = services.jeunes.fiche_pdf(jeune_id)
        with open(path, "wb") as fh:
            fh.write(data)
    except DomainError as err:
        show_error(parent, err)
        return False
    except OSError as err:
        show_error(parent, DomainError(f"Impossible d'écrire « {path} » : {err.strerror or err}."))
        return False
    return True
