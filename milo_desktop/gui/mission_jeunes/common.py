"""Pieces shared by the Mission Jeunes widgets: a small record table, a dialog base with an
error label, agency pickers, and the outputs (PDF files, e-mail draft opened in the mail client)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox, QInputDialog, QLineEdit,
)

from ...domain.errors import DomainError
from ..dialogs.messages import show_error
from ..widgets.records import FormDialog, RecordTable, button_row, cell_text  # noqa: F401 - shared
from ..dialogs import files

LATE = "#b00020"
ALERT_BG = "#fff4e5"


def phone_text(value: str | None) -> str:
    """A stored E.164 number shown the French way (``06 12 34 56 78``)."""
    from ...domain.jeunes import format_phone
    try:
        return format_phone(value) if value and value.startswith("+") else (value or "")
    except Exception:  # noqa: BLE001 - unparsable: as stored
        return value or ""


def select_data(box: QComboBox, value) -> None:
    """Select the item holding ``value`` (compared in Python: ``findData`` misses UUIDs)."""
    for i in range(box.count()):
        if box.itemData(i) == value:
            box.setCurrentIndex(i)
            return


def agency_combo(services, current=None, optional: bool = False,
                 empty_label: str = "— pas encore connue —") -> QComboBox:
    box = QComboBox()
    if optional:
        box.addItem(empty_label, None)
    for agence_id, nom in services.interim.agences_choices():
        box.addItem(nom, agence_id)
    if current is not None:
        select_data(box, current)
    return box


def code_combo(codes, current=None) -> QComboBox:
    box = QComboBox()
    for code, label in codes:
        box.addItem(label, code)
    if current is not None:
        select_data(box, current)
    return box


def line(value: str | None = None, placeholder: str = "", max_len: int | None = None) -> QLineEdit:
    edit = QLineEdit(value or "")
    edit.setPlaceholderText(placeholder)
    if max_len:
        edit.setMaxLength(max_len)
    return edit


# ---------------------------------------------------------------- outputs


def open_file(path: Path) -> bool:
    """Open with the application the desktop associates; False when none could be started."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def save_pdf(parent, title: str, default_name: str, make_pdf) -> Path | None:
    """Ask where to save, build the PDF, write it and open it; None when cancelled or refused."""
    path, _ = files.getSaveFileName(parent, title, default_name, "Document PDF (*.pdf)")
    if not path:
        return None
    path = Path(path).with_suffix(".pdf")
    try:
        path.write_bytes(make_pdf())
    except DomainError as err:
        show_error(parent, err)
        return None
    except OSError as err:
        show_error(parent, DomainError(f"Impossible d'écrire « {path} » : {err.strerror}."))
        return None
    open_file(path)
    return path


def fastt_email(parent, services) -> str | None:
    """The FASTT's address from the settings, asked once (and remembered) when missing. A
    mistyped address is refused before it is saved, and asked again with the reason; a stored
    address that is not valid (saved by an older version) is asked again too."""
    from ...domain.errors import ValidationError
    from ...domain.referentiel import check_email
    from ...services.fastt import EMAIL_KEY
    current = services.settings.get(EMAIL_KEY)
    problem = None
    if current:
        try:
            return check_email(current, EMAIL_KEY)
        except DomainError:
            problem = f"L'adresse enregistrée « {current} » n'est pas une adresse e-mail valide."
    typed = current or ""
    while True:
        prompt = "Adresse e-mail du FASTT pour le Point Conseils Intérimaire :"
        typed, ok = QInputDialog.getText(parent, "Adresse du FASTT",
                                         f"{problem}\n\n{prompt}" if problem else prompt,
                                         QLineEdit.EchoMode.Normal, typed)
        if not ok or not typed.strip():
            return None
        try:
            services.settings.save_preferences({EMAIL_KEY: typed.strip()})
        except DomainError as err:
            problem = (next(iter(err.problems.values())) if isinstance(err, ValidationError)
                       else err.message) + " Corrigez-la."
            continue
        return services.settings.get(EMAIL_KEY)


def open_email_draft(parent, services, referral_id) -> tuple[Path, bool] | None:
    """Write the .eml draft (PDF attached) in the data folder and open it in the mail client;
    gives (path, whether a mail client opened it)."""
    to = fastt_email(parent, services)
    if to is None:
        return None
    folder = Path(services.ctx.store.data_dir) / "brouillons_fastt"
    name = services.fastt.pdf_name(referral_id).removesuffix(".pdf") + ".eml"
    try:
        path = services.fastt.email_draft(referral_id, folder / name, to)
    except DomainError as err:
        show_error(parent, err)
        return None
    opened = open_file(path)
    if not opened:
        _draft_not_opened(parent, path)
    return path, opened


DRAFT_DONE = ("Brouillon ouvert dans votre messagerie (fiche PDF jointe) : {path}. "
              "Une fois le message envoyé, passez l'orientation à l'étape « Envoyée ».")
DRAFT_SAVED = ("Brouillon enregistré (aucune messagerie ne l'a ouvert) : {path}. Ouvrez-le avec "
               "votre messagerie, envoyez-le, puis passez l'orientation à l'étape « Envoyée ».")


def _draft_not_opened(parent, path: Path) -> None:
    """No mail client took the draft: say where it is and offer to open its folder."""
    from PySide6.QtWidgets import QMessageBox
    box = QMessageBox(QMessageBox.Icon.Information, "Brouillon enregistré",
                      "Aucune messagerie n'a pu ouvrir le brouillon. Il est enregistré ici :\n"
                      f"{path}\n\nOuvrez-le avec votre messagerie (fiche PDF jointe), envoyez-le, "
                      "puis passez l'orientation à l'étape « Envoyée ».", parent=parent)
    folder = box.addButton("Ouvrir le dossier", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Fermer", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is folder:
        open_file(path.parent)


def draft_status(draft: tuple[Path, bool]) -> str:
    """The status line after a draft: honest about whether a mail client opened it."""
    path, opened = draft
    return (DRAFT_DONE if opened else DRAFT_SAVED).format(path=path)
