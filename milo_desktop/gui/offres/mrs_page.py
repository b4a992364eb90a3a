"""Plateformes de vocation (MRS): per platform and period, the evaluations of young people carried
out and passed, and the mises en relation that followed on its MRS offers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QStackedLayout, QVBoxLayout, QWidget,
)

from ...domain.errors import DomainError
from ..dialogs.forms import date_edit, get_date, text
from ..dialogs.messages import confirm, show_error
from ..widgets.empty_state import EmptyState
from .common import GREEN, FormDialog, RecordTable, SearchPicker, button_row


class PlateformeDialog(FormDialog):
    def __init__(self, services, plateforme=None, parent=None):
        super().__init__("Plateforme de vocation", parent)
        self.services, self.plateforme = services, plateforme
        self.fields = {"nom": QLineEdit(plateforme.nom if plateforme else ""),
                       "commune": QLineEdit(plateforme.commune or "" if plateforme else "")}
        self.form.addRow("&Nom *", self.fields["nom"])
        self.form.addRow("&Commune", self.fields["commune"])

    def save(self, force: bool = False):
        p = self.plateforme
        return self.services.mrs.save_plateforme(text(self.fields["nom"]), text(self.fields["commune"]),
                                                 p.id if p else None, p.version if p else None)


class EvaluationDialog(FormDialog):
    """One evaluation: the young person (search), the date, passed or not, the MRS offer."""

    def __init__(self, services, plateforme, parent=None):
        super().__init__(f"Évaluation MRS — {plateforme.nom}", parent)
        self.services, self.plateforme = services, plateforme
        self.jeune_id = None
        self.fields = {"jeune": QPushButton("Choisir le jeune…"), "date": date_edit(services.ctx.today(), optional=False),
                       "reussie": QCheckBox("Évaluation réussie"), "offre": QComboBox()}
        self.fields["jeune"].clicked.connect(self.choose_jeune)
        self.fields["offre"].addItem("— aucune —", None)
        for o in services.mrs.offres_mrs(plateforme.id):
            self.fields["offre"].addItem(o.describe(), o.id)
        self.form.addRow("&Jeune *", self.fields["jeune"])
        self.form.addRow("&Date *", self.fields["date"])
        self.form.addRow("", self.fields["reussie"])
        self.form.addRow("&Offre MRS", self.fields["offre"])

    def choose_jeune(self) -> None:
        def search(q):
            return [(j.id, j.describe()) for j in self.services.mises_en_relation.search_jeunes(q, 50)]
        picker = SearchPicker("Choisir le jeune", search, "Nom ou prénom…", self)
        if picker.exec() and picker.chosen:
            self.set_jeune(*picker.chosen)

    def set_jeune(self, jeune_id, label: str) -> None:
        self.jeune_id = jeune_id
        self.fields["jeune"].setText(label)

    def save(self, force: bool = False):
        if self.jeune_id is None:
            raise DomainError("Jeune : choisissez le jeune évalué.", "jeune")
        return self.services.mrs.add_evaluation(self.plateforme.id, self.jeune_id, get_date(self.fields["date"]),
                                                self.fields["reussie"].isChecked(), self.fields["offre"].currentData())


class MrsPage(QWidget):
    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.stack = QStackedLayout(self)
        self.empty = EmptyState(
            "Aucune plateforme de vocation",
            "Les plateformes de vocation évaluent les jeunes par la méthode de recrutement par simulation "
            "(MRS). Ajoutez celles de votre territoire pour suivre les évaluations réalisées et réussies et "
            "les mises en relation qui ont suivi (bilan annuel, art. 3.4 de la convention).",
            [("Ajouter une plateforme…", self.new_platform)])
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.addLayout(self._left(), 1)
        layout.addLayout(self._right(), 3)
        self.stack.addWidget(body)
        self.stack.addWidget(self.empty)

    def _left(self):
        col = QVBoxLayout()
        self.platforms = QListWidget()
        self.platforms.currentItemChanged.connect(lambda *_: self.show_platform())
        add, rename = QPushButton("Nouvelle plateforme…"), QPushButton("Modifier…")
        add.clicked.connect(self.new_platform)
        rename.clicked.connect(self.edit_platform)
        col.addWidget(QLabel("Plateformes de vocation"))
        col.addWidget(self.platforms, 1)
        col.addLayout(button_row(add, rename))
        return col

    def _right(self):
        col = QVBoxLayout()
        year = self.services.ctx.today().year
        self.debut, self.fin = date_edit(date(year, 1, 1), optional=False), date_edit(date(year, 12, 31), optional=False)
        for w in (self.debut, self.fin):
            w.dateChanged.connect(lambda _d: self.show_platform())
        period = QHBoxLayout()
        for label, w in (("Période du", self.debut), ("au", self.fin)):
            period.addWidget(QLabel(label))
            period.addWidget(w)
        period.addStretch(1)
        col.addLayout(period)
        box = QGroupBox("Chiffres de la période")
        grid = QGridLayout(box)
        self.figures = {}
        for i, (key, label) in enumerate((("evaluations", "Évaluations réalisées"), ("reussies", "Évaluations réussies"),
                                          ("jeunes", "Jeunes évalués"), ("mer", "Mises en relation"),
                                          ("plus", "dont MER+"))):
            value = QLabel("–")
            value.setObjectName("chiffre")
            self.figures[key] = value
            grid.addWidget(value, 0, i, alignment=Qt.AlignmentFlag.AlignHCenter)
            grid.addWidget(QLabel(label), 1, i, alignment=Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(box)
        self.evaluations = RecordTable(["Date", "Jeune", "Résultat", "Offre MRS"], [90, 200, 110])
        col.addWidget(self.evaluations, 1)
        add, toggle, delete = (QPushButton("Ajouter une évaluation…"), QPushButton("Réussie / non réussie"),
                               QPushButton("Supprimer"))
        add.clicked.connect(self.add_evaluation)
        toggle.clicked.connect(self.toggle_evaluation)
        delete.clicked.connect(self.delete_evaluation)
        col.addLayout(button_row(add, toggle, delete))
        return col

    # --- data -----------------------------------------------------------------------------
    def reload(self, select_id=None) -> None:
        current = select_id or self.current_id()
        self.platforms.blockSignals(True)
        self.platforms.clear()
        for p in self.services.mrs.plateformes():
            item = QListWidgetItem(p.nom + (f" ({p.commune})" if p.commune else ""))
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.platforms.addItem(item)
            if p.id == current:
                self.platforms.setCurrentItem(item)
        if self.platforms.currentRow() < 0 and self.platforms.count():
            self.platforms.setCurrentRow(0)
        self.platforms.blockSignals(False)
        self.stack.setCurrentIndex(0 if self.platforms.count() else 1)
        self.show_platform()

    def current(self):
        item = self.platforms.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def current_id(self):
        p = self.current()
        return p.id if p else None

    def show_platform(self) -> None:
        p = self.current()
        debut, fin = self.debut.value_or_none(), self.fin.value_or_none()
        if p is None or debut is None or fin is None or fin < debut:
            self.evaluations.set_rows([])
            return
        st = self.services.mrs.stats(p.id, debut, fin)
        rate = f" ({st.taux_reussite:.0f} %)".replace(".", ",") if st.taux_reussite is not None else ""
        for key, value in (("evaluations", str(st.evaluations)), ("reussies", f"{st.reussies}{rate}"),
                           ("jeunes", str(st.jeunes_evalues)), ("mer", str(st.mises_en_relation)),
                           ("plus", str(st.mer_retenues))):
            self.figures[key].setText(value)
        self.evaluations.set_rows([(e.id, [e.date, e.jeune, "Réussie" if e.reussie else "Non réussie", e.offre],
                                    GREEN if e.reussie else None)
                                   for e in self.services.mrs.evaluations(p.id, debut, fin)])

    # --- actions --------------------------------------------------------------------------
    def new_platform(self) -> None:
        dialog = PlateformeDialog(self.services, parent=self)
        if dialog.exec():
            self.reload(dialog.saved.id)

    def edit_platform(self) -> None:
        if self.current() is not None and PlateformeDialog(self.services, self.current(), self).exec():
            self.reload()

    def add_evaluation(self) -> None:
        if self.current() is not None and EvaluationDialog(self.services, self.current(), self).exec():
            self.show_platform()

    def toggle_evaluation(self) -> None:
        ev = next((e for e in self.services.mrs.evaluations(self.current_id())
                   if e.id == self.evaluations.current_id()), None)
        if ev is None:
            return
        try:
            self.services.mrs.set_reussie(ev.id, not ev.reussie, ev.version)
        except DomainError as err:
            show_error(self, err)
        self.show_platform()

    def delete_evaluation(self) -> None:
        ev_id = self.evaluations.current_id()
        if ev_id is not None and confirm(self, "Supprimer l'évaluation", "Supprimer cette évaluation ? "
                                         "Elle disparaîtra aussi du journal du jeune.", "Supprimer"):
            self.services.mrs.delete_evaluation(ev_id)
            self.show_platform()
