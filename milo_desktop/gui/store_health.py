"""The store's quick integrity check, run in the background once the window is painted: a
damaged store is switched to read-only and the user is told why and what to do."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox

from .worker import Task, start

READ_ONLY_LABEL = "Base endommagée : lecture seule"


def check_in_background(window) -> Task:
    """Start the check; the result comes back by signal (the first paint is not delayed)."""
    task = Task(lambda _progress, _cancelled: window.services.maintenance.verifier_integrite())
    task.signals.succeeded.connect(lambda result: None if result.saine else show_damaged(window, result.message))
    window._integrity_task = task  # kept alive until it reports
    return start(task)


def show_damaged(window, message: str) -> QMessageBox:
    label = QLabel(READ_ONLY_LABEL)
    label.setObjectName("lectureSeule")
    label.setStyleSheet("color: #b00020; font-weight: bold;")
    window.statusBar().addWidget(label)
    if "lecture seule" not in window.windowTitle():
        window.setWindowTitle(f"{window.windowTitle()} — lecture seule")
    box = QMessageBox(QMessageBox.Icon.Critical, "Base endommagée", message, parent=window)
    box.setObjectName("baseEndommagee")
    box.open()  # not modal-blocking: the user can export what can still be read
    return box
