"""French message boxes for domain errors, confirmations and unexpected failures."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ...domain.errors import DomainError


def show_error(parent: QWidget | None, err: BaseException, title: str = "Impossible") -> None:
    if isinstance(err, DomainError):
        QMessageBox.warning(parent, title, err.message)
        return
    from ...logsetup import setup_logging
    if is_storage_damage(err):
        QMessageBox.critical(parent, "Base endommagée", (
            "La base de données ne peut plus être lue correctement (fichier endommagé ou disque "
            "plein). Fermez l'application, libérez de la place si besoin, puis restaurez la dernière "
            "sauvegarde (dossier « sauvegardes » de la base).\n\n"
            f"Détail : {err}\n\nJournal technique : {setup_logging()}"))
        return
    QMessageBox.critical(
        parent, "Erreur inattendue",
        "Une erreur inattendue s'est produite. Rien n'a été enregistré pour l'opération en cours.\n\n"
        f"Détail : {err.__class__.__name__} : {err}\n\n"
        f"Le journal technique se trouve dans :\n{setup_logging()}")


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


def is_storage_damage(err: BaseException) -> bool:
    """SQLite's own words for a damaged file or a full disk (without importing SQLAlchemy here)."""
    text = str(err).lower()
    return any(k in text for k in ("malformed", "file is not a database", "disk i/o error",
                                   "database or disk is full"))
