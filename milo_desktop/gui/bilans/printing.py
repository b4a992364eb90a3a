"""Printing a PDF shown in the preview: QPrintDialog, then each page rendered to the printer."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

MAX_DPI = 200  # enough for text; keeps each page image small


def print_document(document: QPdfDocument, parent=None) -> bool:
    """Ask for a printer and print; False when the user cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document.metaData(QPdfDocument.MetaDataField.Title) or "Bilan")
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Imprimer le bilan")
    dialog.setMinMax(1, max(1, document.pageCount()))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    first, last = printer.fromPage(), printer.toPage()
    render_to_printer(document, printer, first or 1, last or document.pageCount())
    return True


def render_to_printer(document: QPdfDocument, printer: QPrinter, first: int = 1, last: int | None = None) -> int:
    """Paint pages ``first``..``last`` (1-based) on ``printer``; returns the pages printed."""
    last = min(last or document.pageCount(), document.pageCount())
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    dpi = min(printer.resolution(), MAX_DPI)
    scale = printer.resolution() / dpi
    printed = 0
    try:
        for index in range(first - 1, last):
            if printed:
                printer.newPage()
            points = document.pagePointSize(index)
            size = QSize(int(points.width() * dpi / 72), int(points.height() * dpi / 72))
            image = document.render(index, size)
            target = painter.viewport()
            image_size = QSize(int(size.width() * scale), int(size.height() * scale))
            image_size.scale(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), image_size), image)
            printed += 1
    finally:
        painter.end()
    return printed
