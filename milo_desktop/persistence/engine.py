"""The SQLite engine: WAL, foreign keys, busy timeout, and write transactions in BEGIN IMMEDIATE."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

IMMEDIATE = "milo_immediate"
BUSY_TIMEOUT_ENV = "MILO_BUSY_TIMEOUT_MS"  # how long a write waits for another program (tests: short)


def busy_timeout_ms() -> int:
    value = os.environ.get(BUSY_TIMEOUT_ENV, "")
    return int(value) if value.isdigit() else 10000


def _on_connect(dbapi_conn, _record) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite would otherwise defer it).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    # No mmap: mapped pages of the store counted as the app's memory (peak RSS 429 MB against
    # 249 MB with the Jeunes list of 100 000 open) for no measurable speed (bench_jeunes_list).
    # secure_delete: deleted rows (anonymised identities) are overwritten, not left in free pages.
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", f"busy_timeout={busy_timeout_ms()}",
                   "synchronous=NORMAL", "cache_size=-65536", "temp_store=MEMORY",
                   "mmap_size=0", "secure_delete=ON"):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def _on_begin(conn) -> None:
    immediate = conn.get_execution_options().get(IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(path: Path | str) -> Engine:
    """An engine on ``path``; use ``writer(engine)`` for transactions that write."""
    # hide_parameters: an error's text (and so the log) never carries row data.
    engine = create_engine(f"sqlite:///{path}", future=True, hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions start with BEGIN IMMEDIATE."""
    return engine.execution_options(**{IMMEDIATE: True})
