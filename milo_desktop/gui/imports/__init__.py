"""The import wizard (Fichier > Importer…): file, column mapping, preview, import, summary."""

from __future__ import annotations


def open_import_wizard(services, parent=None, kind: str | None = None):
    """Open the wizard (window-modal, deleted when closed) and return it; ``kind`` preselects
    « jeunes », « entreprises » or « offres ». Its ``imported`` signal carries the report once
    rows were written (refresh the lists then)."""
    from PySide6.QtCore import Qt

    from .wizard import ImportWizard
    wizard = ImportWizard(services, parent, kind)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard


__all__ = ["open_import_wizard"]
