"""Long work off the GUI thread, with progress and cancel (results come back by signal)."""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a task when the user pressed Annuler."""


class TaskSignals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class Task(QRunnable):
    """Runs ``fn(progress, is_cancelled)`` in the thread pool.

    ``progress(done, total, message="")`` reports; ``is_cancelled()`` tells the task to stop
    (it raises Cancelled, or returns early).
    """

    def __init__(self, fn: Callable[..., Any]):
        super().__init__()
        self.fn = fn
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int, message: str = "") -> None:
        self.signals.progressed.emit(int(done), int(total), message)

    def run(self) -> None:
        try:
            self._run()
        except RuntimeError:
            pass  # the window that listened was closed meanwhile: nobody to tell

    def _run(self) -> None:
        try:
            result = self.fn(self._progress, self.is_cancelled)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as err:  # noqa: BLE001 - forwarded to the GUI thread
            if self._cancel.is_set() and err.__class__.__name__ == "Cancelled":
                self.signals.cancelled.emit()
                return
            log.exception("Tâche en arrière-plan en échec")
            self.signals.failed.emit(err)
        else:
            if self._cancel.is_set():
                self.signals.cancelled.emit()
            else:
                self.signals.succeeded.emit(result)


def start(task: Task) -> Task:
    QThreadPool.globalInstance().start(task)
    return task


def run_with_progress(parent: QWidget, title: str, fn, on_success, on_error=None) -> Task:
    """Start ``fn`` with a modal progress dialog that has an Annuler button."""
    dialog = QProgressDialog(title, "Annuler", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    task = Task(fn)

    def progressed(done, total, message):
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if message:
            dialog.setLabelText(message)

    def finish():
        dialog.close()
        dialog.deleteLater()

    task.signals.progressed.connect(progressed)
    task.signals.succeeded.connect(lambda r: (finish(), on_success(r)))
    task.signals.failed.connect(lambda e: (finish(), (on_error or _show_error(parent))(e)))
    task.signals.cancelled.connect(finish)
    dialog.canceled.connect(task.cancel)
    dialog.show()
    return start(task)


def _show_error(parent):
    def show(err):
        from .dialogs.messages import show_error
        show_error(parent, err)
    return show
