"""A helpful empty state: what will be here, and how to start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    def __init__(self, title: str, text: str, actions: list[tuple[str, object]] | None = None,
                 parent=None):
        super().__init__(parent)
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(title)
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setFixedWidth(520)
        layout.addWidget(self.title)
        row_text = QHBoxLayout()
        row_text.addStretch(1)
        row_text.addWidget(self.text)
        row_text.addStretch(1)
        layout.addLayout(row_text)
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons: list[QPushButton] = []
        for label, slot in actions or []:
            btn = QPushButton(label)
            btn.clicked.connect(slot)
            row.addWidget(btn)
            self.buttons.append(btn)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
