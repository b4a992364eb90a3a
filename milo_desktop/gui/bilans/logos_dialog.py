"""The partners' logos printed on the reports' cover: one image file per partner."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
)

from ..widgets.records import ok_cancel
from ..dialogs import files

IMAGES = "Images (*.png *.jpg *.jpeg *.gif)"


class LogosDialog(QDialog):
    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Logos des partenaires")
        self.bilans = services.bilans
        self.edits: dict[str, QLineEdit] = {}
        layout = QVBoxLayout(self)
        intro = QLabel("Chaque bilan imprime en couverture les logos de ses partenaires. Sans fichier "
                       "(ou si le fichier a disparu), le nom du partenaire est imprimé à la place.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        for row, (key, label, path) in enumerate(self.bilans.partner_logos()):
            edit = QLineEdit(path or "")
            edit.setPlaceholderText("aucun fichier : le nom sera imprimé")
            choose, clear = QPushButton("Choisir…"), QPushButton("Retirer")
            choose.clicked.connect(lambda _c=False, e=edit: self._choose(e))
            clear.clicked.connect(lambda _c=False, e=edit: e.clear())
            for col, widget in enumerate((QLabel(label), edit, choose, clear)):
                grid.addWidget(widget, row, col)
            self.edits[key] = edit
        layout.addLayout(grid)
        self.error = QLabel()
        self.error.setObjectName("erreur")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self, "Enregistrer", self.save))
        self.resize(720, self.sizeHint().height())

    def _choose(self, edit: QLineEdit) -> None:
        path, _ = files.getOpenFileName(self, "Choisir un logo", edit.text(), IMAGES)
        if path:
            edit.setText(path)

    def save(self) -> None:
        from ...domain.errors import DomainError
        try:
            for key, edit in self.edits.items():
                self.bilans.set_partner_logo(key, edit.text().strip() or None)
        except DomainError as err:
            self.error.setText(err.message)
            return
        self.accept()
