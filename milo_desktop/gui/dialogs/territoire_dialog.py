"""Paramètres ▸ Territoire: the communes the Mission Locale serves, chosen from the official
list (search by department, postcode or name; several at once) or read from a CSV of INSEE
codes or postcodes. Saved with « Enregistrer »."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QFileDialog, QGridLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QVBoxLayout,
)

from ...domain import communes
from ...domain.errors import DomainError
from ..widgets.records import ok_cancel
from .messages import info, show_error

ROLE = Qt.ItemDataRole.UserRole


def _item(c: communes.Commune) -> QListWidgetItem:
    item = QListWidgetItem(f"{c.nom} ({c.departement}) — {c.code_postal} — INSEE {c.code_insee}")
    item.setData(ROLE, c.code_insee)
    return item


class _KeyList(QListWidget):
    """A list where the ``keys`` run ``key_action`` on the selection."""

    key_action = None
    keys: tuple = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() in self.keys and self.key_action is not None:
            self.key_action()
            event.accept()
            return
        super().keyPressEvent(event)


class TerritoireDialog(QDialog):
    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.ref = communes.referentiel()
        self.setWindowTitle("Territoire de la Mission Locale")
        self.resize(900, 560)
        self.search = QLineEdit(placeholderText="Département (09, 2A, 974), code postal ou nom de commune")
        self.search.textChanged.connect(self._search)
        self.results = self._list()
        self.chosen = self._list()
        self.chosen.setSortingEnabled(True)
        self.count = QLabel()
        add, remove = QPushButton("&Ajouter →"), QPushButton("← &Retirer")
        add_all = QPushButton("Ajouter &tout le résultat")
        import_button = QPushButton("&Importer un CSV de codes INSEE ou postaux…")
        add.clicked.connect(lambda: self._add(self.results.selectedItems()))
        add_all.clicked.connect(lambda: self._add([self.results.item(i) for i in range(self.results.count())]))
        remove.clicked.connect(self._remove)
        import_button.clicked.connect(self.import_file)
        self.results.itemDoubleClicked.connect(lambda item: self._add([item]))
        self.results.key_action = lambda: self._add(self.results.selectedItems())  # Entrée
        self.chosen.key_action, self.chosen.keys = self._remove, (Qt.Key.Key_Delete,)  # Suppr
        self.add_button, self.remove_button = add, remove
        self.chosen.itemDoubleClicked.connect(lambda _item: self._remove())
        self.buttons = ok_cancel(self, on_ok=self.save)
        self._layout(add, add_all, remove, import_button)
        self._add_codes(sorted(services.territoire.get().codes))

    def _list(self) -> QListWidget:
        widget = _KeyList()
        widget.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        return widget

    def _layout(self, add, add_all, remove, import_button) -> None:
        grid = QGridLayout()
        label = QLabel("&Rechercher :")
        label.setBuddy(self.search)
        grid.addWidget(label, 0, 0)
        grid.addWidget(self.search, 1, 0)
        grid.addWidget(self.results, 2, 0)
        grid.addWidget(QLabel("Communes du territoire :"), 0, 2)
        grid.addWidget(self.count, 1, 2)
        grid.addWidget(self.chosen, 2, 2)
        middle = QVBoxLayout()
        middle.addStretch(1)
        for button in (add, add_all, remove):
            middle.addWidget(button)
        middle.addStretch(1)
        grid.addLayout(middle, 2, 1)
        layout = QVBoxLayout(self)
        hint = QLabel("Les jeunes suivis en cotraitance dont l'adresse est hors de ces communes sont "
                      "signalés « Déménagement hors territoire ». Liste officielle : "
                      f"{communes.SOURCE}.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(grid, 1)
        layout.addWidget(import_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.buttons)

    # --- choosing -------------------------------------------------------------------------
    def chosen_codes(self) -> list[str]:
        return [self.chosen.item(i).data(ROLE) for i in range(self.chosen.count())]

    def _codes(self) -> set[str]:
        return set(self.chosen_codes())

    def _search(self, text: str) -> None:
        self.results.clear()
        for c in self.ref.search(text, limit=2000):
            self.results.addItem(_item(c))

    def _add(self, items) -> None:
        self._add_codes([item.data(ROLE) for item in items])

    def _add_codes(self, codes) -> None:
        known = self._codes()
        for code in codes:
            commune = self.ref.commune(code)
            if code not in known and commune is not None:
                self.chosen.addItem(_item(commune))
                known.add(code)
        self._update_count()

    def _remove(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))
        self._update_count()

    def _update_count(self) -> None:
        n = self.chosen.count()
        self.count.setText(f"{n} commune(s)" if n else "Aucune : territoire non défini")

    def import_file(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Importer le territoire", "",
                                                  "Fichiers CSV (*.csv *.txt);;Tous les fichiers (*)")
        if not path:
            return
        try:
            found = self.services.territoire.read_file(path)
        except DomainError as err:
            show_error(self, err)
            return
        before = self.chosen.count()
        self._add_codes(found.codes)
        text = f"{self.chosen.count() - before} commune(s) ajoutée(s) depuis le fichier."
        if found.problems:
            text += "\n\nLignes non reconnues :\n" + "\n".join(found.problems[:15])
            if len(found.problems) > 15:
                text += f"\n… et {len(found.problems) - 15} autre(s)."
        info(self, "Territoire importé", text)

    def save(self) -> None:
        try:
            self.services.territoire.save(self.chosen_codes())
        except DomainError as err:
            show_error(self, err)
            return
        self.accept()
