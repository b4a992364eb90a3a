"""Outils ▸ Anonymiser les dossiers échus… : the list of the due files with their reason (the
dry run the direction approves), then the job with progress on the approved files only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from ...domain import retention
from ...domain.dates import format_date
from ..worker import run_with_progress
from .messages import info, show_error

EXPLANATION = f"{retention.RULE}\n\n{retention.EFFECT} L'opération est irréversible dans la base."
HEADERS = ("Nom", "Prénom", "Né(e) le", "Échu depuis le", "Motif")


class ApprovalDialog(QDialog):
    """The due files, one per row with the reason, and « Anonymiser N dossiers » / « Annuler »."""

    def __init__(self, parent: QWidget | None, echus, rule: str):
        super().__init__(parent)
        self.setWindowTitle("Anonymiser les dossiers échus")
        self.resize(860, 520)
        layout = QVBoxLayout(self)
        head = QLabel(f"<b>{retention.dossiers(echus.count, 'échu')} à anonymiser</b> : vérifiez la "
                      "liste avant d'approuver.")
        layout.addWidget(head)
        self.table = QTableWidget(len(echus.dossiers), len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, d in enumerate(echus.dossiers):
            for col, value in enumerate((d.nom, d.prenom, format_date(d.date_naissance),
                                         format_date(d.depuis), d.motif)):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.table.horizontalHeader().setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        note = QLabel(f"{rule}\n\n{retention.EFFECT} L'opération est irréversible dans la base.")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(f"Anonymiser {retention.dossiers(echus.count)}",
                                    QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def approve(parent: QWidget | None, echus, rule: str) -> bool:
    return ApprovalDialog(parent, echus, rule).exec() == QDialog.DialogCode.Accepted


def anonymise_due_files(parent: QWidget, services, on_done=None):
    """List, approve, then anonymise the approved files; returns the running task (None when
    nothing was started)."""
    try:
        echus = services.maintenance.echus(detail=True)
        rule = retention.rule(services.settings.durees())
    except Exception as err:  # noqa: BLE001 - shown to the user
        show_error(parent, err)
        return None
    if echus.count == 0:
        info(parent, "Anonymisation", "Aucun dossier échu à anonymiser aujourd'hui.\n\n"
             f"{rule}\n\n{retention.EFFECT}")
        return None
    if not approve(parent, echus, rule):
        return None
    approved = echus.ids

    def work(progress, cancelled):
        return services.maintenance.anonymiser(progress=progress, cancel=cancelled, ids=approved)

    def done(result):
        kept = ("\nLa copie de sécurité prise avant a été effacée une fois le résultat vérifié "
                "(elle ne contenait que les personnes effacées)." if result.copie_effacee else
                f"\nSauvegarde faite avant : {result.backup}")
        info(parent, "Anonymisation", f"{retention.dossiers(result.count, 'anonymisé')}.{kept}")
        if on_done is not None:
            on_done()
    return run_with_progress(parent, "Anonymisation en cours…", work, done)
