"""French message boxes for domain errors, confirmations and unexpected failures."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ...domain.errors import DomainError


def show_error(parent: QWidget | None, err: BaseException, title: str = "Impossible") -> None:
    from ...persistence import faults
    if not isinstance(err, DomainError) and faults.sqlite_error(err) is not None:
        err = faults.translate(err, _store_path(parent)) or err  # full disk, busy, damaged…
    if isinstance(err, faults.StoreError):
        QMessageBox.critical(parent, err.title, err.message)
        return
    if isinstance(err, DomainError):
        QMessageBox.warning(parent, title, err.message)
        return
    from ...logsetup import setup_logging
    # No str(err): SQLite's and Python's texts are English and may quote row data.
    QMessageBox.critical(
        parent, "Erreur inattendue",
        "Une erreur inattendue s'est produite. Rien n'a été enregistré pour l'opération en cours.\n\n"
        f"Type d'erreur : {err.__class__.__name__}\n\n"
        f"Le détail est dans le journal technique :\n{setup_logging()}")


def _store_path(parent: QWidget | None):
    """The open store's file, found through the window's services (None if unknown)."""
    widget = parent
    while widget is not None:
        services = getattr(widget, "services", None)
        if services is not None:
            return services.ctx.store.path
        widget = widget.parentWidget()
    return None


def confirm(parent: QWidget | None, title: str, text: str, ok_label: str = "Confirmer") -> bool:
    """Ask before a risky step (delete, duplicate, close without saving…): « Annuler » is the
    default button, so Entrée pressed by habit does not perform it."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    ok = box.addButton(ok_label, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("Annuler", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is ok


def say_saved(widget: QWidget | None, text: str) -> None:
    """« … enregistré(e) » in the main window's status bar (a save that says nothing looks
    like a save that did nothing)."""
    from PySide6.QtWidgets import QApplication, QMainWindow
    window = widget
    while window is not None and not isinstance(window, QMainWindow):
        window = window.parentWidget()
    if window is None:
        window = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, QMainWindow) and w.isVisible()), None)
    if window is not None:
        window.statusBar().showMessage(text, 10000)


def info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)

