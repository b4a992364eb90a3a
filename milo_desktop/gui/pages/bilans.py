"""Bilans: choose a report and its period, generate it in a worker thread (progress, cancel),
preview it in the window, print it, save the PDF, export its tables (XLSX or CSV)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QPushButton, QSplitter, QStackedWidget, QVBoxLayout, QWidget,
)

from ...domain.text import fold
from ..bilans.chooser import ReportChooser
from ..bilans.preview import PdfPreview
from ..widgets.empty_state import EmptyState
from ..worker import Task, start
from ..dialogs import files


class BilansPage(QWidget):
    def __init__(self, services, window, parent=None):
        super().__init__(parent)
        self.services = services
        self.window_ = window
        self.task: Task | None = None
        self.result = None
        bilans = services.bilans
        sites = [(s.id, s.nom) for s in services.settings.sites()]
        self.chooser = ReportChooser(bilans.kinds(), sites, services.ctx.today())
        self.chooser.setMaximumWidth(380)
        self.chooser.generate_requested.connect(self.generate)
        self.chooser.cancel_requested.connect(self.cancel)
        split = QSplitter()
        split.addWidget(self.chooser)
        split.addWidget(self._right_side())
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        title = QLabel("Bilans")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addWidget(split, 1)

    def _right_side(self) -> QWidget:
        side = QWidget()
        col = QVBoxLayout(side)
        col.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        bar.addWidget(self.heading, 1)
        self.print_button = self._button(bar, "Imprimer…", self.print_report, "Ctrl+P")
        self.save_button = self._button(bar, "Enregistrer le PDF…", self.save_pdf, "Ctrl+S")
        self.export_button = self._button(bar, "Exporter les tableaux…", self.export_tables, "Ctrl+E")
        logos = QPushButton("Logos…")
        logos.setToolTip("Logos des partenaires imprimés en couverture")
        logos.clicked.connect(self.edit_logos)
        bar.addWidget(logos)
        col.addLayout(bar)
        self.stack = QStackedWidget()
        self.empty = EmptyState(
            "Aucun bilan affiché",
            "Choisissez un bilan, sa période et son périmètre, puis « Générer le bilan ». "
            "L'aperçu s'affiche ici ; vous pourrez l'imprimer, l'enregistrer en PDF et exporter "
            "ses tableaux pour Excel.")
        self.preview = PdfPreview()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.preview)
        col.addWidget(self.stack, 1)
        self._set_actions(False)
        return side

    def _button(self, bar, text, slot, shortcut) -> QPushButton:
        button = QPushButton(text)
        button.setShortcut(shortcut)
        button.setToolTip(f"{text.rstrip('…')} ({shortcut})")
        button.clicked.connect(slot)
        bar.addWidget(button)
        return button

    def _set_actions(self, enabled: bool) -> None:
        for b in (self.print_button, self.save_button, self.export_button):
            b.setEnabled(enabled)

    # --- generation in the worker thread --------------------------------------------------
    def generate(self, params: dict) -> Task | None:
        if self.task is not None:
            return None
        bilans = self.services.bilans
        code = params.pop("code")

        def work(progress, is_cancelled):
            return bilans.generate(code, progress=progress, cancel=is_cancelled, **params)

        self.task = Task(work)
        self.task.signals.progressed.connect(self.chooser.show_progress)
        self.task.signals.succeeded.connect(self._done)
        self.task.signals.failed.connect(self._failed)
        self.task.signals.cancelled.connect(self._cancelled)
        self.chooser.set_busy(True, "Calcul des chiffres…")
        return start(self.task)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.chooser.cancel.setEnabled(False)
            self.chooser.status.setText("Annulation…")

    def _finish(self, message: str) -> None:
        self.task = None
        self.chooser.set_busy(False, message)

    def _done(self, result) -> None:
        self.result = result
        report = result.report
        self.preview.load_bytes(result.pdf)
        self.stack.setCurrentWidget(self.preview)
        self.heading.setText(f"<b>{report.title}</b> — {report.period.label} — {report.scope_label}")
        self._set_actions(True)
        note = " Aucune donnée pour cette période : le bilan l'indique." if report.empty else ""
        self._finish(f"Bilan prêt ({self.preview.page_count()} pages).{note}")

    def _failed(self, err) -> None:
        self._finish("La génération a échoué.")
        from ..dialogs.messages import show_error
        show_error(self, err)

    def _cancelled(self) -> None:
        self._finish("Génération annulée.")

    # --- outputs --------------------------------------------------------------------------
    def _default_name(self, suffix: str) -> str:
        report = self.result.report
        slug = "-".join(fold(f"{report.kind} {report.period.short}").replace("/", "-").split())
        return f"{slug}{suffix}"

    def save_pdf(self) -> None:
        path, _ = files.getSaveFileName(self, "Enregistrer le bilan", self._default_name(".pdf"),
                                              "PDF (*.pdf)")
        if path:
            self._guarded(lambda: self.services.bilans.save_pdf(self.result.pdf, path),
                          f"PDF enregistré : {path}")

    def export_tables(self) -> None:
        path, chosen = files.getSaveFileName(
            self, "Exporter les tableaux", self._default_name(".xlsx"),
            "Classeur Excel (*.xlsx);;CSV, un fichier par tableau (*.csv)")
        if path:
            self._guarded(lambda: self.services.bilans.export(self.result.report, path),
                          f"Tableaux exportés : {path}")

    def print_report(self) -> None:
        from ..bilans.printing import print_document
        print_document(self.preview.document, self)

    def _guarded(self, action, message: str) -> None:
        from ..dialogs.messages import show_error
        try:
            action()
        except Exception as err:  # noqa: BLE001 - shown to the user in French
            show_error(self, err)
            return
        self.chooser.status.setText(message)

    def edit_logos(self) -> None:
        from ..bilans.logos_dialog import LogosDialog
        LogosDialog(self.services, self).exec()

    def refresh(self) -> None:
        """Called each time the page is shown: sites may have changed in the settings."""
        self.chooser.set_sites([(s.id, s.nom) for s in self.services.settings.sites()])

    def open_item(self, kind: str, _payload=None) -> None:
        """``open_item("bilans", code)`` selects that report in the chooser."""
        self.chooser.select_kind(kind)
