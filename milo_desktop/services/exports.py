"""Exports by kind (CLI ``export KIND --out FILE``): each area provides a table function.

A table function has the signature ``(session, ctx) -> (headers, rows)`` where ``headers`` are
the machine column names of the issue (``nom``, ``prenom``, …) and ``rows`` an iterable of lists
of plain values (str, int, Decimal, date, bool, None). The writers format them (CSV: UTF-8 BOM,
``;``, jj/mm/aaaa; XLSX: real dates and numbers) and neutralise formulas.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import DomainError
from .base import Service

KINDS = {
    "jeunes": "exports_jeunes:jeunes_table",
    "cotraitance": "exports_cotraitance:cotraitance_table",
    "offres": "exports_offres:offres_table",
    "entreprises": "exports_offres:entreprises_table",
    "fastt": "exports_mission_jeunes:fastt_table",
    "interim": "exports_mission_jeunes:interim_table",
}
# Kinds whose CSV cells SQLite formats itself (same text as the writer's, much faster at scale):
# ``(session, ctx) -> (headers, rows of ready cells)``, written with ``formatted=True``.
CSV_READY = {
    "jeunes": "exports_jeunes:jeunes_csv",
}


@dataclass(frozen=True)
class ExportResult:
    kind: str
    path: Path
    rows: int


def table_function(kind: str, functions: dict[str, str] = KINDS):
    if kind not in KINDS:
        raise DomainError(f"Export inconnu « {kind} » (possibles : {', '.join(KINDS)}).")
    module, func = functions[kind].split(":")
    return getattr(importlib.import_module(f"{__package__}.{module}"), func)


def _headers(kind: str, headers: list[str], french: bool) -> list[str]:
    if not french:
        return list(headers)
    from .export_labels import french_headers
    return french_headers(kind, list(headers))


class ExportsService(Service):
    def table(self, kind: str, french: bool = False):
        """(headers, rows as a list) for ``kind``, read in one transaction; ``french`` gives the
        headers people read (« Nom d'usage ») instead of the technical names (``nom_usage``)."""
        func = table_function(kind)
        with self.store.read() as s:
            headers, rows = func(s, self.ctx)
            return _headers(kind, headers, french), list(rows)

    def export(self, kind: str, path: Path | str, progress=None, cancel=None,
               french: bool = False) -> ExportResult:
        from ..exchange.writing import Sheet, export_path_kind, write_csv, write_xlsx
        path = Path(path)
        fmt = export_path_kind(path)
        if fmt == "csv" and kind in CSV_READY:
            func = table_function(kind, CSV_READY)
            with self.store.read() as s:  # streamed from the cursor to the file
                headers, rows = func(s, self.ctx)
                n = write_csv(path, _headers(kind, headers, french), rows, progress=progress,
                              cancel=cancel, formatted=True)
            return ExportResult(kind, path, n)
        func = table_function(kind)
        with self.store.read() as s:  # streamed: rows go from the cursor to the file
            headers, rows = func(s, self.ctx)
            headers = _headers(kind, headers, french)
            if fmt == "csv":
                n = write_csv(path, headers, rows, progress=progress, cancel=cancel)
            else:
                n = write_xlsx(path, [Sheet(kind, headers, rows)], progress=progress, cancel=cancel)
        return ExportResult(kind, path, n)
