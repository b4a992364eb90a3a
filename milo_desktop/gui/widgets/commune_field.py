"""The commune offered from the postcode (official list, ``domain.communes``).

:class:`CommuneLink` joins a postcode field and a commune field: once five digits are typed,
the commune field completes from that postcode's communes (all of them pop up when it is
entered empty; a postcode with a single commune fills it); typing stays free. A commune the
postcode does not have in the list is said under the commune field, as a warning — saving is
not refused, the list lags behind reality.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit

from ...domain import communes

WARNING_STYLE = "color: #8a5300; font-size: 11px;"


def warning_label() -> QLabel:
    """The hidden warning line to put under a commune field."""
    label = QLabel()
    label.setObjectName("avertissement_commune")
    label.setStyleSheet(WARNING_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class CommuneLink(QObject):
    def __init__(self, code: QLineEdit, commune: QLineEdit, warning: QLabel | None = None):
        super().__init__(commune)
        self.code, self.commune, self.warning = code, commune, warning
        self.names = QStringListModel(self)
        self.completer = QCompleter(self.names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        commune.setCompleter(self.completer)
        commune.installEventFilter(self)
        code.textChanged.connect(self._code_changed)
        code.textEdited.connect(self._code_typed)
        commune.textChanged.connect(self.check)

    @staticmethod
    def _names(text: str) -> list[str]:
        code = text.strip()
        return communes.referentiel().noms(code) if len(code) == 5 else []

    def _code_changed(self, text: str) -> None:
        self.names.setStringList(self._names(text))
        self.check()

    def _code_typed(self, text: str) -> None:
        """A postcode typed (not loaded) with a single commune fills an empty commune."""
        names = self._names(text)
        if len(names) == 1 and not self.commune.text().strip():
            self.commune.setText(names[0])
            self.commune.textEdited.emit(names[0])  # the form counts it as the user's change

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if (watched is self.commune and event.type() == QEvent.Type.FocusIn
                and not self.commune.text().strip() and self.names.rowCount() > 1):
            self.completer.setCompletionPrefix("")
            self.completer.complete()
        return False

    def check(self) -> str | None:
        """Show (or hide) the pair warning; returns it."""
        text = communes.pair_warning(self.code.text(), self.commune.text())
        if self.warning is not None:
            self.warning.setText(text or "")
            self.warning.setVisible(bool(text))
        return text
