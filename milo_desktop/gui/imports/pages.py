"""The last two pages of the import wizard: the preview (counts, rejections, choices) and the
import itself (worker with progress and cancel, then the summary)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QProgressBar, QPushButton, QRadioButton, QSizePolicy, QTableView, QVBoxLayout, QWizard,
    QWizardPage,
)

from ...domain.errors import DomainError
from ..dialogs.messages import info, show_error
from ..worker import Task, start
from ..dialogs import files


class RejectionsModel(QAbstractTableModel):
    """The rejections of a preview: line, column, value, reason (read-only)."""

    HEADERS = ("Ligne", "Colonne", "Valeur", "Motif du rejet")

    def __init__(self, rejections=(), parent=None):
        super().__init__(parent)
        self.rejections = list(rejections)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rejections)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return len(self.HEADERS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        r = self.rejections[index.row()]
        value = (r.line, r.column, r.value, r.reason)[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(value).replace("\n", " ")
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(value)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


def _radios(title: str, *labels: str) -> tuple[QGroupBox, list[QRadioButton]]:
    box = QGroupBox(title)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    layout = QVBoxLayout(box)
    group = QButtonGroup(box)
    buttons = []
    for label in labels:
        button = QRadioButton(label)
        group.addButton(button)
        layout.addWidget(button)
        buttons.append(button)
    buttons[0].setChecked(True)
    return box, buttons


class PreviewPage(QWizardPage):
    def __init__(self, services):
        super().__init__()
        self.services = services
        self.setTitle("Vérification du fichier")
        self.setSubTitle("Toutes les lignes ont été vérifiées. Rien n'a encore été enregistré.")
        self.setCommitPage(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = RejectionsModel(parent=self)
        self.table = self._table()
        self.save_button = QPushButton("Enregistrer les rejets…")
        self.save_button.setToolTip("Enregistre les lignes rejetées en CSV avec une colonne "
                                    "« motif du rejet », à corriger dans Excel puis réimporter")
        self.save_button.clicked.connect(self.save_rejects)
        self.rejects_box, (self.fix, self.valid_only) = _radios(
            "Lignes rejetées", "Corriger le fichier d'abord : ne rien importer maintenant",
            "N'importer que les lignes valides")
        self.existing_box, (self.skip, self.update) = _radios(
            "Fiches déjà dans la base", "Les laisser telles quelles (ignorer ces lignes)",
            "Les mettre à jour avec les valeurs du fichier (une cellule vide ne change rien)")
        self.fix.toggled.connect(self._commit_label)
        self._layout()

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(22)
        for column, width in enumerate((60, 160, 130)):
            table.setColumnWidth(column, width)
        table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        return table

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 10)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        choices = QHBoxLayout()
        choices.addWidget(self.rejects_box, 1)
        choices.addWidget(self.existing_box, 1)
        layout.addLayout(choices)
        layout.addStretch(1)  # takes the room of the table when no row is rejected

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        p = self.wizard().preview
        text = [f"<b>{p.path.name}</b> — {p.source}.", *p.summary()]
        if not p.rejected_rows:
            text.append("Aucune ligne rejetée.")
        self.summary.setText("<br>".join(text))
        self.model.beginResetModel()
        self.model.rejections = list(p.rejected)
        self.model.endResetModel()
        self.table.setVisible(bool(p.rejected))
        self.save_button.setVisible(bool(p.rejected_rows))
        self.rejects_box.setVisible(bool(p.rejected_rows))
        self.valid_only.setText(f"N'importer que les lignes valides ({p.valid})")
        self.valid_only.setEnabled(p.valid > 0)
        self.fix.setChecked(True)
        self.existing_box.setTitle(f"Fiches déjà dans la base ({p.existing})")
        self.existing_box.setEnabled(p.existing > 0)
        self._commit_label()

    def _commit_label(self) -> None:
        nothing = self.wants_nothing()
        self.setButtonText(QWizard.WizardButton.CommitButton,
                           "Terminer sans importer" if nothing else "Importer")

    def wants_nothing(self) -> bool:
        p = self.wizard().preview if self.wizard() else None
        if p is None:
            return False
        return p.valid == 0 or (p.rejected_rows > 0 and self.fix.isChecked())

    def choice(self) -> tuple[bool, bool, str]:
        """(import wanted, valid rows only, "update" or "skip")."""
        return (not self.wants_nothing(), self.valid_only.isChecked(),
                "update" if self.update.isChecked() else "skip")

    def save_rejects(self) -> None:
        preview = self.wizard().preview
        name = str(preview.path.with_name(f"{preview.path.stem}-rejets.csv"))
        path, _ = files.getSaveFileName(self, "Enregistrer les lignes rejetées", name,
                                              "CSV point-virgule (*.csv)")
        if not path:
            return
        try:
            count = self.services.imports.save_rejects(preview, path)
        except DomainError as err:
            show_error(self, err)
            return
        info(self, "Lignes rejetées enregistrées",
             f"{count} ligne(s) enregistrée(s) dans :\n{path}\n\nCorrigez-les dans Excel (la "
             "colonne « motif du rejet » dit pourquoi), puis importez ce fichier.")


class ImportPage(QWizardPage):
    def __init__(self, services, preview_page: PreviewPage):
        super().__init__()
        self.services = services
        self.preview_page = preview_page
        self.setTitle("Import")
        self.setSubTitle("Une sauvegarde de la base est faite d'abord ; les lignes sont ensuite "
                         "enregistrées en un seul bloc.")
        self.task: Task | None = None
        self.done = False
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.cancel_button = QPushButton("Annuler l'import")
        self.cancel_button.clicked.connect(self.cancel)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        wanted, valid_only, existing = self.preview_page.choice()
        self.done = False
        if not wanted:
            return self._finish("Rien n'a été importé. Corrigez le fichier (les lignes rejetées "
                                "peuvent être enregistrées à l'étape précédente), puis relancez "
                                "l'import.", "Aucun import.")
        preview = self.wizard().preview
        self.status.setText("Sauvegarde de la base, puis enregistrement des lignes en un seul "
                            "bloc : si l'import est annulé ou échoue, rien n'est enregistré.")
        self.bar.setRange(0, 0)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.task = Task(lambda progress, cancelled: self.services.imports.run(
            preview, valid_only, existing, progress, cancelled))
        self.task.signals.progressed.connect(self._progressed)
        self.task.signals.succeeded.connect(self._succeeded)
        self.task.signals.failed.connect(self._failed)
        self.task.signals.cancelled.connect(self._cancelled)
        start(self.task)

    def running(self) -> bool:
        return self.task is not None and not self.done

    def cancel(self) -> None:
        if self.running():
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Annulation en cours…")

    def _progressed(self, done: int, total: int, message: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, total))
        if message:
            self.status.setText(f"{message} {done} / {total}")

    def _succeeded(self, report) -> None:
        self.wizard().report = report
        self._finish("Résumé de l'import :" if report.written else "Aucun import.",
                     "<br>".join(report.summary()))
        if report.written:
            self.wizard().imported.emit(report)

    def _failed(self, err) -> None:
        text = err.message if isinstance(err, DomainError) else \
            f"Erreur inattendue ({err.__class__.__name__} : {err})."
        self._finish("L'import a échoué : rien n'a été enregistré, la base est restée telle "
                     "qu'elle était.", text)

    def _cancelled(self) -> None:
        self._finish("Import annulé : rien n'a été enregistré, la base est restée telle "
                     "qu'elle était.", "")

    def _finish(self, status: str, result: str) -> None:
        self.done = True  # the task is kept: the pool may still be returning from it
        self.status.setText(status)
        self.result.setText(result)
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.cancel_button.setVisible(False)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.done
