"""Log file in the user's log folder (rotating), shared by the GUI and the CLI."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_configured: Path | None = None


def setup_logging(log_dir: Path | None = None, level: int = logging.INFO) -> Path:
    """Configure the root logger once; returns the log file's path."""
    global _configured
    if _configured is not None:
        return _configured
    from .paths import default_log_dir
    folder = Path(log_dir) if log_dir else default_log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "milo-desktop.log"
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
