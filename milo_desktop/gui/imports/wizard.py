"""The import wizard: choose kind and file -> map the columns (only when some are unknown or
a required one is missing) -> preview (counts, rejections, choices) -> import in a worker.

The file is checked in a worker too (``ImportsService.analyse``); nothing is written before the
import page. The GUI only talks to ``services.imports``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWizard, QWizardPage,
)

from ..dialogs.messages import info, show_error
from ..worker import run_with_progress
from .pages import ImportPage, PreviewPage
from ..dialogs import files

SOURCE, MAPPING, PREVIEW, IMPORT = range(4)
FILE_FILTER = "Fichiers CSV ou Excel (*.csv *.xlsx *.txt);;Tous les fichiers (*)"
IGNORE = "— Ne pas importer —"


class ImportWizard(QWizard):
    """Fichier > Importer… ; ``imported`` is emitted with the report once rows were written."""

    imported = Signal(object)

    def __init__(self, services, parent=None, kind: str | None = None):
        super().__init__(parent)
        self.services = services
        self.preview = None
        self.report = None
        self.setWindowTitle("Importer des données")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, "< Précédent"),
                             (QWizard.WizardButton.NextButton, "Suivant >"),
                             (QWizard.WizardButton.CommitButton, "Importer"),
                             (QWizard.WizardButton.FinishButton, "Terminer"),
                             (QWizard.WizardButton.CancelButton, "Annuler")):
            self.setButtonText(button, text)
        self.setPage(SOURCE, SourcePage(services, kind))
        self.setPage(MAPPING, MappingPage())
        preview_page = PreviewPage(services)
        self.setPage(PREVIEW, preview_page)
        self.setPage(IMPORT, ImportPage(services, preview_page))
        self.resize(920, 640)

    def analyse(self, page, overrides: dict | None = None):
        """Check the file in a worker; ``page.analysed(preview)`` once done."""
        source = self.page(SOURCE)
        kind, path = source.kind(), source.path()

        def work(progress, cancelled):
            return self.services.imports.analyse(kind, path, overrides, progress, cancelled)
        return run_with_progress(self, "Vérification du fichier…", work, page.analysed,
                                 lambda err: show_error(self, err, "Fichier inutilisable"))

    def reject(self) -> None:
        """While rows are being written, closing asks the import to stop (rolled back) first."""
        if self.page(IMPORT).running():
            self.page(IMPORT).cancel()
            return
        super().reject()


class _AnalysingPage(QWizardPage):
    """A page whose « Suivant » checks the file in a worker, then moves on by itself."""

    def __init__(self):
        super().__init__()
        self._ready = False

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        if self._ready:
            self._ready = False
            return True
        self.start_analysis()
        return False

    def start_analysis(self) -> None:
        raise NotImplementedError

    def analysed(self, preview) -> None:
        self.wizard().preview = preview
        if self.accept_preview(preview):
            self._ready = True
            self.wizard().next()

    def accept_preview(self, preview) -> bool:
        return True


class SourcePage(_AnalysingPage):
    def __init__(self, services, kind: str | None):
        super().__init__()
        self.services = services
        self.setTitle("Fichier à importer")
        self.setSubTitle("Choisissez ce que vous importez, puis le fichier : CSV tel qu'Excel "
                         "l'enregistre, ou classeur Excel .xlsx (première feuille). Rien n'est "
                         "enregistré avant la dernière étape.")
        self.kind_box = QComboBox()
        for code, title in services.imports.kinds():
            self.kind_box.addItem(title[:1].upper() + title[1:], code)
        if kind is not None:
            self.kind_box.setCurrentIndex(max(self.kind_box.findData(kind), 0))
        self.path_edit = QLineEdit(placeholderText="Chemin du fichier .csv ou .xlsx")
        self.path_edit.textChanged.connect(self.completeChanged)
        self._build()

    def _build(self) -> None:
        browse = QPushButton("Parcourir…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        template = QPushButton("Enregistrer un modèle à remplir…")
        template.clicked.connect(self.save_template)
        hint = QLabel("Le modèle décrit chaque colonne : format attendu, exemple, autres intitulés "
                      "reconnus. Les colonnes peuvent être dans n'importe quel ordre ; les dates "
                      "s'écrivent jj/mm/aaaa.")
        hint.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("Type de données :", self.kind_box)
        form.addRow("Fichier :", row)
        form.addRow("", template)
        form.addRow("", hint)

    def kind(self) -> str:
        return self.kind_box.currentData()

    def path(self) -> str:
        return self.path_edit.text().strip()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return bool(self.path())

    def browse(self) -> None:
        path, _ = files.getOpenFileName(self, "Choisir le fichier à importer",
                                              self.path(), FILE_FILTER)
        if path:
            self.path_edit.setText(path)

    def save_template(self) -> None:
        name = f"modele-import-{self.kind()}.xlsx"
        path, _ = files.getSaveFileName(self, "Enregistrer le modèle", name,
                                              "Classeur Excel (*.xlsx);;CSV point-virgule (*.csv)")
        if not path:
            return
        try:
            saved = self.services.imports.save_template(self.kind(), path)
        except Exception as err:  # noqa: BLE001 - shown to the user
            show_error(self, err)
            return
        info(self, "Modèle enregistré", f"Le modèle a été enregistré dans :\n{saved}")

    def start_analysis(self) -> None:
        if not Path(self.path()).is_file():
            info(self, "Fichier introuvable", f"Le fichier « {self.path()} » est introuvable.")
            return
        self.wizard().analyse(self)

    def nextId(self) -> int:  # noqa: N802 - Qt API
        preview = self.wizard().preview if self.wizard() else None
        return MAPPING if preview is None or preview.needs_mapping else PREVIEW


class MappingPage(_AnalysingPage):
    def __init__(self):
        super().__init__()
        self.setTitle("Colonnes du fichier")
        self.setSubTitle("Certaines colonnes n'ont pas été reconnues. Pour chaque colonne du "
                         "fichier, choisissez la donnée qu'elle contient, ou « Ne pas importer ». "
                         "Les données marquées * sont obligatoires.")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020; font-weight: bold;")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Colonne du fichier", "Exemple de valeur",
                                              "Correspond à"])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        self.combos: dict[str, QComboBox] = {}

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        preview = self.wizard().preview
        mapping = preview.mapping
        self.table.setRowCount(len(mapping.headers))
        self.combos = {}
        unknown = set(preview.unknown_columns)
        for row, header in enumerate(mapping.headers):
            self.table.setItem(row, 0, _item(header, header in unknown))
            self.table.setItem(row, 1, _item(preview.samples.get(header, "")))
            combo = _column_combo(mapping.schema, mapping.mapping.get(header))
            self.table.setCellWidget(row, 2, combo)
            self.combos[header] = combo
        self.show_problem(preview)

    def show_problem(self, preview) -> None:
        missing = preview.missing_labels()
        self.problem.setText("Données obligatoires sans colonne : " + ", ".join(missing) + "."
                             if missing else "")
        self.problem.setVisible(bool(missing))

    def overrides(self) -> dict[str, str | None]:
        return {header: combo.currentData() for header, combo in self.combos.items()}

    def start_analysis(self) -> None:
        self.wizard().analyse(self, self.overrides())

    def accept_preview(self, preview) -> bool:
        self.show_problem(preview)
        return preview.ready

    def nextId(self) -> int:  # noqa: N802 - Qt API
        return PREVIEW


def _item(text: str, unknown: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text.replace("\n", " "))
    item.setToolTip("Colonne non reconnue : choisissez ce qu'elle contient" if unknown else text)
    if unknown:
        item.setBackground(QColor("#fff3bf"))
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


def _column_combo(schema, current: str | None) -> QComboBox:
    combo = QComboBox()
    combo.addItem(IGNORE, None)
    for spec in schema:
        combo.addItem(spec.label + (" *" if spec.required else ""), spec.name)
    combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
    return combo

