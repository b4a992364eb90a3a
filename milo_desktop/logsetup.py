"""Log file in the user's log folder (rotating), shared by the GUI and the CLI."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

_configured: Path | None = None


def private_umask() -> None:
    """Files the application creates (store, -wal/-shm, backups, logs, exports, PDF) are the
    user's alone on Linux and macOS: 0600, folders 0700. On Windows the user's profile ACLs
    play that part (the data folder is in %LOCALAPPDATA%)."""
    if os.name == "posix":
        os.umask(0o077)


def setup_logging(log_dir: Path | None = None, level: int = logging.INFO) -> Path:
    """Configure the root logger once; returns the log file's path."""
    global _configured
    if _configured is not None:
        return _configured
    from .paths import default_log_dir
    folder = Path(log_dir) if log_dir else default_log_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / "milo-desktop.log"
        if not path.exists():  # the log names files and people's counts: the user's alone
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        path = Path("milo-desktop.log")
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _configured = path
    return path
