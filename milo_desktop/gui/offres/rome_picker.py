"""Choosing a ROME fiche in the offline referential: a field with a completer and a picker dialog,
and the administrator's import of the official CSV."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ...domain.errors import DomainError
from ..dialogs.messages import info, show_error
from .common import SearchPicker
from ..dialogs import files


def pick_rome(services, parent=None, initial: str = "") -> tuple[str, str] | None:
    """Open the picker; ``(code, libellé)`` or None."""
    def search(text: str):
        return [(code, f"{code} – {label}") for code, label in services.offres.search_rome(text, 60)]
    dialog = SearchPicker("Choisir un métier (ROME)", search,
                          "Tapez un métier ou un code (ex. boulanger, D1102)…", parent, initial)
    dialog.hint.setToolTip(services.offres.rome_origin())
    if dialog.exec() and dialog.chosen:
        code = dialog.chosen[0]
        return code, services.offres.libelle_rome(code) or ""
    return None


class RomeField(QWidget):
    """A code field (typing a métier proposes fiches), the fiche's label, and « Choisir… »."""

    changed = Signal(str)

    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(placeholderText="Code ou métier…")
        self.edit.setMaximumWidth(230)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton("Choisir…")
        self.button.setToolTip("Rechercher dans le référentiel ROME (F4)")
        self.button.clicked.connect(self.choose)
        row.addWidget(self.edit)
        row.addWidget(self.button)
        row.addWidget(self.label, 1)
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._completed)
        self.edit.setCompleter(completer)
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self._suggest)
        self.edit.textEdited.connect(lambda _t: self._timer.start())
        self.edit.editingFinished.connect(self._show_label)
        self.setFocusProxy(self.edit)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_F4:
            self.choose()
        else:
            super().keyPressEvent(event)

    def _suggest(self) -> None:
        text = self.edit.text()
        if len(text.strip()) >= 2:
            self._model.setStringList([f"{c} – {lb}" for c, lb in self.services.offres.search_rome(text, 30)])

    def _completed(self, text: str) -> None:
        self.set_code(text.split(" – ", 1)[0])

    def choose(self) -> None:
        current = self.code()
        initial = "" if not current else (self.services.offres.libelle_rome(current) or current)
        found = pick_rome(self.services, self, initial)
        if found:
            self.set_code(found[0])

    def set_code(self, code: str | None) -> None:
        self.edit.setText(code or "")
        self._show_label()

    def _show_label(self) -> None:
        code = self.code()
        label = self.services.offres.libelle_rome(code) if code else None
        if code and label:
            self.label.setText(label)
            self.label.setStyleSheet("")
        else:
            self.label.setText("Code inconnu du référentiel : cliquez sur « Choisir… »" if code else "")
            self.label.setStyleSheet("color: #b00020;" if code else "")
        self.changed.emit(code or "")

    def code(self) -> str:
        return self.edit.text().split(" – ", 1)[0].strip().upper()


def import_rome_dialog(services, parent=None) -> None:
    """Administrator: replace the referential with France Travail's official CSV."""
    path, _ = files.getOpenFileName(parent, "Importer le référentiel ROME officiel", "",
                                          "Fichier CSV (*.csv *.txt)")
    if not path:
        return
    try:
        n = services.offres.import_rome(path)
    except (DomainError, OSError) as err:
        show_error(parent, err, "Import du référentiel ROME refusé")
        return
    info(parent, "Référentiel ROME", f"{n} fiches métiers importées. Les nouvelles offres utilisent "
                                     "désormais ce référentiel.")
