"""Write exports French Excel opens correctly: CSV (UTF-8 with BOM, ``;``, CRLF), XLSX, and
ODS for LibreOffice (:mod:`.ods`).

Both writers go through a temporary file in the destination folder, renamed over the target
only when complete: a full disk, an error or a cancel never leaves a half-written file.
"""

from __future__ import annotations

import csv
import itertools
import math
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from milo_desktop.domain.errors import DomainError
from milo_desktop.domain.text import french_int

Progress = Callable[[int, int | None], None]
CancelCheck = Callable[[], bool]
ExportKind = Literal["csv", "xlsx", "ods"]

CHUNK = 1000  # rows between two progress reports / cancel checks
EXCEL_MAX_ROWS = 1_048_576
SHEET_NAME_MAX = 31
# "auto": rustpy-xlsxwriter when installed (≈ 8 times faster), else XlsxWriter; "xlsxwriter": always.
ENGINE: Literal["auto", "xlsxwriter"] = "auto"
FORMULA_START = frozenset("=+-@\t\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class Cancelled(Exception):
    """The user cancelled an export; no file was left behind."""


@dataclass(frozen=True)
class Sheet:
    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[float] | None = None


# --- common ---------------------------------------------------------------------------------

def export_path_kind(path: str | Path) -> ExportKind:
    """``"csv"``, ``"xlsx"`` or ``"ods"`` (LibreOffice) from the file name's extension."""
    suffix = Path(path).suffix.lower()
    if suffix in (".csv", ".xlsx", ".ods"):
        return suffix[1:]  # type: ignore[return-value]
    if suffix == ".xls":
        raise DomainError(
            "Le format .xls (Excel 97-2003) n'est pas pris en charge à l'export : choisissez un "
            "nom de fichier en .xlsx, .ods ou .csv.", "fichier")
    shown = f"« {suffix} »" if suffix else "absente"
    raise DomainError(
        f"Extension {shown} non prise en charge : choisissez un nom de fichier en .csv, .xlsx "
        "ou .ods.", "fichier")


def write_error(path: Path, err: OSError) -> DomainError:
    message = f"Impossible d'écrire le fichier « {path} » : disque plein ou dossier protégé."
    if isinstance(err, PermissionError):
        message += " S'il est ouvert dans Excel, fermez-le puis recommencez."
    return DomainError(message, "fichier")


@contextmanager
def _atomic(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, moved onto it if the block succeeds, deleted otherwise."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as err:
        _remove(tmp)
        raise write_error(path, err) from err
    except BaseException:
        _remove(tmp)
        raise


def write_bytes(path: str | Path, data: bytes) -> Path:
    """``data`` into ``path`` (a PDF, an e-mail draft) through a temporary file renamed when
    complete; a French DomainError when the disk is full or the folder protected."""
    path = Path(path)
    with _atomic(path) as tmp:
        tmp.write_bytes(data)
    return path


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


@dataclass(frozen=True)
class CountedRows:
    """Rows read as they are written (a cursor), with their number known beforehand for the
    progress bar."""
    rows: Iterable[Sequence[Any]]
    count: int

    def __iter__(self) -> Iterator[Sequence[Any]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return self.count


def _total(rows: Iterable[Any]) -> int | None:
    return len(rows) if isinstance(rows, Sized) else None  # type: ignore[arg-type]


class _Ticker:
    """Reports progress and checks for a cancel every ``CHUNK`` rows."""

    def __init__(self, total: int | None, progress: Progress | None, cancel: CancelCheck | None):
        self.done, self.total = 0, total
        self.progress, self.cancel = progress, cancel

    def tick(self) -> None:
        self.done += 1
        if self.done % CHUNK == 0:
            self.check()

    def advance(self, count: int) -> None:
        """``count`` rows done at once (a chunk of ``CHUNK`` rows, or the last one)."""
        self.done += count
        if count == CHUNK:
            self.check()

    def check(self) -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled()
        if self.progress is not None:
            self.progress(self.done, self.total)

    def finish(self) -> None:
        if self.progress is not None and (self.done % CHUNK or not self.done):
            self.progress(self.done, self.total)


# --- CSV ------------------------------------------------------------------------------------

# A sign then only digits, spaces, dots, brackets and hyphens: a phone number (« +44 20 7183
# 8750 ») or a number — no function, no reference, nothing a spreadsheet could run.
SIGNED_NUMBER = re.compile(r"[+-][0-9 .()\-]*[0-9][0-9 .()\-]*")


def neutralise(text: str) -> str:
    """A text that Excel would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first)
    gets a leading apostrophe — except a signed number such as a foreign phone number, which
    can run nothing and would be damaged by the apostrophe."""
    if text[:1] in FORMULA_START and not SIGNED_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _decimal_comma(value: float | Decimal) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else format(value, ".15g")
    else:
        text = format(value, "f")
    return text.replace(".", ",")


def _date_text(value: date) -> str:
    """Same as ``format_date`` (jj/mm/aaaa), without strftime's cost (a quarter of an export)."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def _datetime_text(value: datetime) -> str:
    if value.time() == datetime.min.time():
        return _date_text(value)
    return f"{_date_text(value)} {value.hour:02d}:{value.minute:02d}"


_CSV_FORMAT: dict[type, Callable[[Any], str]] = {
    str: neutralise,
    int: str,
    bool: lambda v: "oui" if v else "non",
    float: _decimal_comma,
    Decimal: _decimal_comma,
    date: _date_text,
    datetime: _datetime_text,
    type(None): lambda v: "",
}


def csv_cell(value: Any) -> str:
    """One value as French Excel expects it in a CSV cell."""
    fmt = _CSV_FORMAT.get(type(value))
    if fmt is not None:
        return fmt(value)
    for kind, func in _CSV_FORMAT.items():  # subclasses (IntEnum, StrEnum, pandas Timestamp…)
        if kind is not str and isinstance(value, kind):
            return func(value)
    return neutralise(str(value))


def write_csv(
    path: str | Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    formatted: bool = False,
) -> int:
    """Write a ``;`` CSV in UTF-8 with BOM and CRLF; returns the number of data rows.

    ``formatted``: every cell is already what :func:`csv_cell` would make of it (text, int or
    None, formulas neutralised) and is written untouched, by ``csv.writer`` alone."""
    path = Path(path)
    ticker = _Ticker(_total(rows), progress, cancel)
    with _atomic(path) as tmp, tmp.open("x", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow([csv_cell(h) for h in headers])
        if formatted:
            _write_formatted_rows(writer, rows, ticker)
        else:
            _write_csv_rows(writer, rows, ticker)
    ticker.finish()
    return ticker.done


def _write_csv_rows(writer: Any, rows: Iterable[Sequence[Any]], ticker: _Ticker) -> None:
    formats, fallback = _CSV_FORMAT, csv_cell
    for row in rows:
        writer.writerow([(formats.get(type(v)) or fallback)(v) for v in row])
        ticker.tick()


def _write_formatted_rows(writer: Any, rows: Iterable[Sequence[Any]], ticker: _Ticker) -> None:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        writer.writerows(chunk)
        ticker.advance(len(chunk))


# --- XLSX -----------------------------------------------------------------------------------

def sheet_names(names: Iterable[str]) -> list[str]:
    """Excel-valid, unique (case-insensitive) sheet names: no ``[]:*?/\\``, no apostrophe at
    either end, at most 31 characters, never empty nor ``History``."""
    result: list[str] = []
    for index, name in enumerate(names, start=1):
        result.append(_unique(_clean_sheet_name(name, index), result))
    return result


def _clean_sheet_name(name: str, index: int) -> str:
    text = " ".join(_SHEET_FORBIDDEN.sub(" ", name or "").split()).strip("'").strip()
    text = text[:SHEET_NAME_MAX].strip()
    if not text:
        return f"Feuille {index}"
    return "History_" if text.casefold() == "history" else text


def _unique(name: str, taken: list[str]) -> str:
    folded = {t.casefold() for t in taken}
    candidate, n = name, 1
    while candidate.casefold() in folded:
        n += 1
        suffix = f" ({n})"
        candidate = name[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
    return candidate


def header_width(header: str) -> float:
    """A column width from its header alone (measuring every cell costs too much)."""
    return float(min(max(len(header) + 4, 12), 60))


def write_xlsx(
    path: str | Path,
    sheets: Sequence[Sheet],
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> int:
    """Write the sheets as a workbook (rustpy-xlsxwriter, else XlsxWriter in constant-memory
    mode); a path ending in ``.ods`` gives an OpenDocument spreadsheet (:mod:`.ods`). Returns
    the data rows written."""
    path = Path(path)
    ticker = _Ticker(_sheets_total(sheets), progress, cancel)
    with _atomic(path) as tmp:
        if path.suffix.lower() == ".ods":
            from . import ods
            ods.write_sheets(tmp, sheets, sheet_names(s.name for s in sheets), ticker,
                             EXCEL_MAX_ROWS, lambda: _too_many_rows(path))
        else:
            _write_sheets(tmp, sheets, sheet_names(s.name for s in sheets), ticker, path)
    ticker.finish()
    return ticker.done


def _write_sheets(tmp: Path, sheets: Sequence[Sheet], names: list[str], ticker: _Ticker,
                  path: Path) -> None:
    from . import xlsx_fast

    if ENGINE != "xlsxwriter" and xlsx_fast.available():
        prepared = [xlsx_fast.prepare(s) for s in sheets]
        if not any(p.mixed for p in prepared):
            xlsx_fast.write_sheets(tmp, prepared, names, ticker, path, EXCEL_MAX_ROWS)
            return
        sheets = [p.sheet for p in prepared]  # the rows read ahead are replayed
    _write_workbook(tmp, sheets, names, ticker, path)


def _sheets_total(sheets: Sequence[Sheet]) -> int | None:
    totals = [_total(s.rows) for s in sheets]
    return None if None in totals else sum(t for t in totals if t is not None)


def _write_workbook(tmp: Path, sheets: Sequence[Sheet], names: list[str], ticker: _Ticker,
                    path: Path) -> None:
    import xlsxwriter  # lazy: only exports need it

    options = {"constant_memory": True, "strings_to_formulas": False,
               "strings_to_urls": False, "strings_to_numbers": False,
               "remove_timezone": True}
    workbook = xlsxwriter.Workbook(str(tmp), options)
    try:
        formats = _Formats(workbook)
        for sheet, name in zip(sheets, names):
            _write_sheet(workbook.add_worksheet(name), sheet, formats, ticker, path)
        if not sheets:
            workbook.add_worksheet()
    except BaseException:
        _abandon(workbook)
        raise
    _close(workbook)


def _close(workbook: Any) -> None:
    from xlsxwriter.exceptions import FileCreateError

    try:
        workbook.close()
    except FileCreateError as err:
        cause = err.args[0] if err.args and isinstance(err.args[0], OSError) else None
        raise cause or OSError(str(err)) from err


def _abandon(workbook: Any) -> None:
    """Close and delete constant-memory temporary files without writing the workbook."""
    for sheet in workbook.worksheets():
        handle = getattr(sheet, "row_data_fh", None)
        filename = getattr(sheet, "row_data_filename", None)
        if handle is not None:
            handle.close()
        if filename:
            _remove(Path(filename))
    workbook.fileclosed = True  # keeps XlsxWriter's __del__ from writing the file


class _Formats:
    def __init__(self, workbook: Any):
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": False})
        self.date = workbook.add_format({"num_format": "dd/mm/yyyy"})
        self.datetime = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})


def _write_sheet(ws: Any, sheet: Sheet, formats: _Formats, ticker: _Ticker, path: Path) -> None:
    headers = list(sheet.headers)
    _set_widths(ws, headers, sheet.widths)
    for col, header in enumerate(headers):
        ws.write_string(0, col, str(header), formats.header)
    ws.freeze_panes(1, 0)
    last_row = _write_sheet_rows(ws, sheet.rows, formats, ticker, path)
    if headers:
        ws.autofilter(0, 0, max(last_row, 0), len(headers) - 1)


def _set_widths(ws: Any, headers: list[str], widths: Sequence[float] | None) -> None:
    for col, header in enumerate(headers):
        given = widths[col] if widths is not None and col < len(widths) else None
        ws.set_column(col, col, given if given is not None else header_width(str(header)))


def _write_sheet_rows(ws: Any, rows: Iterable[Sequence[Any]], formats: _Formats,
                      ticker: _Ticker, path: Path) -> int:
    row_index = 0
    for row_index, row in enumerate(rows, start=1):
        if row_index >= EXCEL_MAX_ROWS:
            raise _too_many_rows(path)
        for col, value in enumerate(row):
            _write_cell(ws, row_index, col, value, formats)
        ticker.tick()
    return row_index


def _too_many_rows(path: Path) -> DomainError:
    limit = french_int(EXCEL_MAX_ROWS - 1)
    return DomainError(
        f"Trop de lignes pour le fichier Excel « {path.name} » ({limit} au plus) : "
        "exportez en CSV.", "fichier")


def _write_cell(ws: Any, row: int, col: int, value: Any, formats: _Formats) -> None:
    kind = type(value)
    if value is None:
        return
    if kind is str:
        ws.write_string(row, col, value)  # never a formula, never a URL
    elif kind is bool:
        ws.write_string(row, col, "oui" if value else "non")
    elif kind is int or kind is float:
        _write_number(ws, row, col, value)
    elif isinstance(value, datetime):
        midnight = value.time() == datetime.min.time()
        ws.write_datetime(row, col, value, formats.date if midnight else formats.datetime)
    elif isinstance(value, date):
        ws.write_datetime(row, col, value, formats.date)
    elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        _write_number(ws, row, col, value)
    else:
        ws.write_string(row, col, str(value))


def _write_number(ws: Any, row: int, col: int, value: float | int | Decimal) -> None:
    number = float(value)
    if not math.isfinite(number):
        return  # Excel has no NaN nor infinity: leave the cell empty
    ws.write_number(row, col, number)


# --- one table, either format ---------------------------------------------------------------

def write_export(
    path: str | Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_name: str = "Export",
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> int:
    """Write one table as CSV, XLSX or ODS according to ``path``'s extension."""
    if export_path_kind(path) == "csv":
        return write_csv(path, headers, rows, progress=progress, cancel=cancel)
    return write_xlsx(path, [Sheet(sheet_name, headers, rows)], progress=progress, cancel=cancel)
