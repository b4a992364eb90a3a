"""French message boxes for domain errors, confirmations and unexpected failures."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ...domain.errors import DomainError


def show_error(parent: QWidget | None, err: BaseException, title: str = "Impossible") -> None:
    if isinstance(err, DomainError):
        QMessageBox.warning(parent, title, err.message)
        return
    from ...logsetup import setup_logging
    QMessageBox.critical(
        parent, "Erreur inattendue",
        "Une erreur inattendue s'est produite. Rien n'a été enregistré pour l'opération en cours.\n\n"
        f"Détail : {err.__class__.__name__} : {err}\n\n"
        f"Le journal technique se trouve dans :\n{setup_logging()}")


def confirm(parent: QWidget | None, title: str, text: str, ok_label: str = "Confirmer") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    ok = box.addButton(ok_label, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Annuler", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(ok)
    box.exec()
    return box.clickedButton() is ok


def info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)
