"""Export of a list as shown (filters applied) through the exchange writers."""

from __future__ import annotations

from ...services.listing import ListQuery, ListSource


def export_list(source: ListSource, query: ListQuery, path: str, progress=None, cancelled=None,
                keys: list[str] | None = None) -> int:
    from ...exchange.writing import Sheet, export_path_kind, write_csv, write_xlsx
    if export_path_kind(path) == "csv":
        ready = source.export_csv_rows(query, keys)
        if ready is not None:  # cells formatted by SQLite (the largest lists)
            headers, rows = ready
            return write_csv(path, headers, rows, progress=progress, cancel=cancelled, formatted=True)
    headers, rows = source.export_rows(query, keys)
    rows = list(rows)
    if export_path_kind(path) == "csv":
        return write_csv(path, headers, rows, progress=progress, cancel=cancelled)
    return write_xlsx(path, [Sheet("Liste", headers, rows)], progress=progress, cancel=cancelled)
