"""A page whose area has no data yet: it says what will be there and how to start."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..widgets.empty_state import EmptyState


class AreaPage(QWidget):
    TITLE = ""
    TEXT = ""

    def __init__(self, services, window, parent=None):
        super().__init__(parent)
        self.services = services
        self.window_ = window
        layout = QVBoxLayout(self)
        self.empty = EmptyState(self.TITLE, self.TEXT, self.actions())
        layout.addWidget(self.empty)

    def actions(self) -> list:
        return [("Ouvrir les paramètres", lambda: self.window_.show_area("parametres"))]
