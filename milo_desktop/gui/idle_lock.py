"""Idle lock: after N minutes without keyboard or mouse input (and on Ctrl+L) the main window
is covered and the other windows hidden, until the same person types their password again.
Unsaved edits stay in their (hidden) windows and come back on unlock."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from ..domain.errors import DomainError

INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                          QEvent.Type.Wheel, QEvent.Type.TouchBegin})
DEFAULT_MINUTES = 10
MAX_MINUTES = 30


class LockScreen(QWidget):
    """Covers the whole main window; nothing of the work behind it is visible."""

    def __init__(self, window, lock):
        super().__init__(window)
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lockScreen { background: #1f3a5f; } #lockScreen QLabel { color: white; }")
        from .dialogs.forms import ErrorLabel
        from .dialogs.login_dialog import password_field
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QVBoxLayout()
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        box.addWidget(self.title)
        self.password = password_field()
        self.password.setPlaceholderText("Mot de passe")
        self.password.setMaximumWidth(320)
        self.password.returnPressed.connect(lock.try_unlock)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.password)
        self.unlock_button = QPushButton("Déverrouiller")
        self.unlock_button.clicked.connect(lock.try_unlock)
        row.addWidget(self.unlock_button)
        self.switch_button = QPushButton("Changer d'utilisateur…")
        self.switch_button.clicked.connect(lambda: window.change_user())
        row.addWidget(self.switch_button)
        row.addStretch(1)
        box.addLayout(row)
        self.error = ErrorLabel()
        box.addWidget(self.error, alignment=Qt.AlignmentFlag.AlignCenter)
        outer.addLayout(box)
        outer.addStretch(2)
        self.hide()

    def cover(self, who: str) -> None:
        self.title.setText(f"Session verrouillée — {who}\nSaisissez votre mot de passe pour reprendre.")
        self.error.hide()
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.password.setFocus()


class IdleLock(QObject):
    locked = Signal()
    unlocked = Signal()

    def __init__(self, window, services, minutes: float | None = None):
        super().__init__(window)
        self.window = window
        self.services = services
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.screen = LockScreen(window, self)
        self.hidden_windows: list[QWidget] = []
        self.set_minutes(minutes if minutes is not None else self._setting())
        QApplication.instance().installEventFilter(self)

    def _setting(self) -> float:
        try:
            value = self.services.settings.preferences().get("securite.verrouillage_minutes")
        except DomainError:
            value = None
        return min(MAX_MINUTES, int(value or DEFAULT_MINUTES))

    def set_minutes(self, minutes: float) -> None:
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.start()

    @property
    def is_locked(self) -> bool:
        return self.screen.isVisible()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in INPUT_EVENTS and not self.is_locked:
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.is_locked:
            return
        try:
            self.services.comptes.verrouiller()
        except DomainError:
            pass
        self.hidden_windows = [w for w in QApplication.topLevelWidgets()
                               if w is not self.window and w.isVisible() and w.isWindow()]
        for w in self.hidden_windows:
            w.hide()
        self.disabled_actions = [a for a in self.window.findChildren(QAction) if a.isEnabled()]
        for action in self.disabled_actions:
            action.setEnabled(False)  # no menu nor shortcut behind the cover
        self.window.menuBar().setEnabled(False)
        self.screen.cover(self.services.ctx.user.nom_complet)
        self.locked.emit()

    def try_unlock(self) -> bool:
        password = self.screen.password.text()
        self.screen.password.clear()
        try:
            self.services.comptes.deverrouiller(password)
        except DomainError as err:
            self.screen.error.show_error(err)
            return False
        self._uncover()
        for w in self.hidden_windows:
            w.show()
        self.hidden_windows = []
        self.timer.start()
        self.unlocked.emit()
        return True

    def _uncover(self) -> None:
        self.screen.hide()
        for action in getattr(self, "disabled_actions", []):
            action.setEnabled(True)
        self.disabled_actions = []
        self.window.menuBar().setEnabled(True)

    def release(self) -> None:
        """The session ends (change of user): hidden windows are closed, unsaved edits lost."""
        for w in self.hidden_windows:
            w.close()
        self.hidden_windows = []
        self._uncover()
        self.timer.start()
