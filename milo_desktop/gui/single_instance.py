"""One running instance per data folder: a second start asks the first to come to the front."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha1(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
    return f"milo-desktop-{digest}"


class SingleInstance(QObject):
    """``acquire()`` is False when another instance already serves this data folder."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent=None):
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.server: QLocalServer | None = None

    def _other_is_running(self) -> bool:
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(300):
            return False
        sock.write(b"raise\n")
        sock.flush()
        sock.waitForBytesWritten(300)
        sock.disconnectFromServer()
        return True

    def acquire(self) -> bool:
        if self._other_is_running():
            return False
        QLocalServer.removeServer(self.name)  # a stale socket left by a crash
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(self.name):
            return True  # cannot guard: better to run than to refuse
        self.server.newConnection.connect(self._on_connection)
        return True

    def _on_connection(self) -> None:
        while self.server and self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            conn.readyRead.connect(lambda c=conn: self._read(c))

    def _read(self, conn) -> None:
        if bytes(conn.readAll()).startswith(b"raise"):
            self.raise_requested.emit()
        conn.disconnectFromServer()

    def release(self) -> None:
        if self.server:
            self.server.close()
            self.server = None
