"""Every table of a report as spreadsheet data: one XLSX sheet per table (real numbers and
dates, formatted headers, through ``exchange.writing``), or one CSV file per table."""

from __future__ import annotations

import re
from pathlib import Path

from ..domain.text import fold
from .model import KeyFigures, Report, Table

PCT_DIGITS = {"pct": 1, "pct2": 2, "evol": 1, "dec": 2}


def _value(value, kind: str):
    """Raw value for a cell: numbers stay numbers (rounded for display kinds), dates stay dates."""
    if value is None:
        return None
    if kind in PCT_DIGITS and isinstance(value, (int, float)):
        return round(float(value), PCT_DIGITS[kind])
    return value


def _rows(table: Table) -> list[list]:
    rows = [[_value(v, k) for v, k in zip(r, table.kinds)] for r in table.rows]
    if table.total is not None:
        rows.append([_value(v, k) for v, k in zip(table.total, table.kinds)])
    return rows


def _headers(table: Table) -> list[str]:
    """Headers as in the PDF, with the unit spelled out: a bare « % » column names the column
    it is the share of, and percentage columns say « (%) »."""
    result = []
    for i, (header, kind) in enumerate(zip(table.headers, table.kinds)):
        text = header.strip() or f"Colonne {i + 1}"
        if text == "%" and i > 0:
            text = f"{table.headers[i - 1].strip()} (%)"
        elif kind in PCT_DIGITS and kind != "dec" and "%" not in text:
            text += " (%)"
        result.append(text)
    return result


def info_rows(report: Report) -> list[list]:
    rows = [["Rapport", report.title], ["Objet", report.subtitle], ["Mission Locale", report.identity.nom],
            ["Période", report.period.label], ["Du", report.period.start], ["Au", report.period.end],
            ["Comparée à", report.previous.label], ["Périmètre", report.scope_label],
            ["Édité le", report.edition]]
    if report.empty:
        rows.append(["Remarque", "Aucune donnée n'est enregistrée pour cette période."])
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, KeyFigures):
                rows += [[f.label, f.value] for f in block.items]
    # The tables' notes (how a figure is counted) as the PDF prints them under each table.
    rows += [[f"Note — {t.name}", t.note] for t in report.tables() if t.note]
    return rows


def report_sheets(report: Report) -> list:
    """The sheets: « Informations » first (identity, period, key figures), then each table."""
    from ..exchange.writing import Sheet
    sheets = [Sheet("Informations", ["Rubrique", "Valeur"], info_rows(report), widths=[38, 60])]
    for table in report.tables():
        widths = [max(12.0, min(60.0, w * 9)) for w in (table.widths or [])] or None
        sheets.append(Sheet(table.name, _headers(table), _rows(table), widths=widths))
    return sheets


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:40] or "tableau"


def csv_paths(report: Report, path: Path) -> list[Path]:
    """``bilan.csv`` -> ``bilan-01-informations.csv``, ``bilan-02-flux-cotraitance.csv``…"""
    names = ["Informations"] + [t.name for t in report.tables()]
    return [path.with_name(f"{path.stem}-{i:02d}-{_slug(n)}.csv") for i, n in enumerate(names, start=1)]


def write_report(report: Report, path: Path, progress=None, cancel=None) -> list[Path]:
    from ..exchange.writing import export_path_kind, write_csv, write_xlsx
    if export_path_kind(path) != "csv":  # .xlsx or .ods
        write_xlsx(path, report_sheets(report), progress=progress, cancel=cancel)
        return [path]
    written = []
    for sheet, target in zip(report_sheets(report), csv_paths(report, path)):
        write_csv(target, sheet.headers, sheet.rows, cancel=cancel)
        written.append(target)
    return written
