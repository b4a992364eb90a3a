"""In-window preview of a PDF held in memory (QPdfDocument + QPdfView) with zoom controls."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class PdfPreview(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("apercuPdf")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._buffer: QBuffer | None = None
        self._bytes = QByteArray()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._zoom_bar())
        layout.addWidget(self.view, 1)

    def _zoom_bar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.pages = QLabel("Aucun bilan affiché")
        row.addWidget(self.pages)
        row.addStretch(1)
        for text, tip, slot in (("−", "Réduire", lambda: self._zoom(1 / 1.25)),
                                ("+", "Agrandir", lambda: self._zoom(1.25)),
                                ("Largeur", "Ajuster à la largeur de la fenêtre", self._fit_width),
                                ("Page", "Afficher la page entière", self._fit_page)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
        return row

    def load_bytes(self, pdf: bytes) -> bool:
        """Show ``pdf``; True when Qt could open it."""
        self.document.close()
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        ok = self.document.status() == QPdfDocument.Status.Ready
        count = self.document.pageCount() if ok else 0
        self.pages.setText(f"{count} page{'s' if count > 1 else ''}" if ok else "Aperçu impossible")
        return ok

    def page_count(self) -> int:
        return self.document.pageCount()

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, self.view.zoomFactor() * factor)))

    def _fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
