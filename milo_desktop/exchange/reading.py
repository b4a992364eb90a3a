"""Read the tables advisers bring: CSV as French Excel writes it, or the first sheet of an .xlsx.

Every value comes back as text (dates from Excel as ``aaaa-mm-jj``); interpreting it is the job
of :mod:`milo_desktop.exchange.headers` and the services. Problems raise ``DomainError`` with a
French sentence naming the file, and the line when one is at fault.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from milo_desktop.domain.errors import DomainError

SourceKind = Literal["csv", "xlsx"]
DELIMITERS = (";", ",", "\t")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97-2003) and encrypted .xlsx
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # Excel « Texte Unicode (*.txt) »
_SNIFF_LINES = 20
_NEUTRALISED = frozenset("=+-@")
# A header cell that is a date, an e-mail or a number means the header line is missing.
_LOOKS_LIKE_DATA = re.compile(
    r"^(?:\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|[^@\s]+@[^@\s]+\.\w+|[-+]?\d+(?:[.,]\d+)?)$")


@dataclass(frozen=True)
class RawRow:
    """One data row: ``line`` is where it starts in the file (the header is line 1)."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[RawRow]
    encoding: str | None  # None for xlsx
    delimiter: str | None  # None for xlsx
    kind: SourceKind


@dataclass(frozen=True)
class TableStream:
    """Like :class:`Table`, with rows produced one at a time (for big files)."""

    headers: list[str]
    rows: Iterator[RawRow]
    encoding: str | None
    delimiter: str | None
    kind: SourceKind


# --- entry points ---------------------------------------------------------------------------

def read_table(path: str | Path) -> Table:
    """Read a whole CSV or XLSX file into memory."""
    stream = iter_table(path)
    rows = list(stream.rows)
    return Table(stream.headers, rows, stream.encoding, stream.delimiter, stream.kind)


def iter_table(path: str | Path) -> TableStream:
    """Open ``path``, read its header and return the data rows as an iterator.

    Errors about the file itself (missing, unreadable, empty, no header) are raised here;
    an error in a data row is raised when the iterator reaches it.
    """
    path = Path(path)
    head = _read_head(path)
    if head.startswith(_ZIP_MAGIC):
        return _iter_xlsx(path)
    if head.startswith(_OLE_MAGIC):
        raise DomainError(
            f"Le fichier « {path.name} » est au format Excel 97-2003 (.xls) ou protégé par un "
            "mot de passe : enregistrez-le au format .xlsx ou CSV, puis recommencez.", "fichier")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise _unreadable(path)
    return _iter_csv(path, path.read_bytes())


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(8)
    except FileNotFoundError:
        raise DomainError(f"Le fichier « {path} » est introuvable.", "fichier") from None
    except IsADirectoryError:
        raise DomainError(f"« {path} » est un dossier, pas un fichier.", "fichier") from None
    except OSError as err:
        raise DomainError(
            f"Le fichier « {path} » ne peut pas être ouvert ({err.strerror or err}).", "fichier"
        ) from None


def _unreadable(path: Path) -> DomainError:
    message = f"Le fichier « {path.name} » n'est pas un fichier CSV ou Excel lisible."
    if path.suffix.lower() in (".ods", ".numbers", ".xls"):
        message += " Enregistrez-le au format .xlsx ou CSV, puis recommencez."
    return DomainError(message, "fichier")


def _empty(path: Path) -> DomainError:
    return DomainError(f"Le fichier « {path.name} » est vide.", "fichier")


# --- CSV ------------------------------------------------------------------------------------

def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """``(text, encoding)``: UTF-16 with a BOM, else UTF-8 (BOM or not), else cp1252.

    Never latin-1: it accepts any byte and turns cp1252's ``Œ`` or ``€`` into control codes.
    """
    if data.startswith(_UTF16_BOMS):
        return _decode(data, "utf-16", path), "utf-16"
    if b"\x00" in data:
        raise _unreadable(path)
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    except UnicodeDecodeError:
        return _decode(data, "cp1252", path), "cp1252"


def _decode(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise _unreadable(path) from None


def detect_delimiter(text: str) -> str:
    """The delimiter of the header line among ``;`` ``,`` and tab.

    The header line decides: the candidate seen most often outside quotes wins. On a tie
    (including a one-column header), ``csv.Sniffer`` restricted to the candidates looks at the
    first lines; failing that, ``;`` (French Excel's choice).
    """
    header = _first_nonblank_line(text)
    counts = {d: _count_outside_quotes(header, d) for d in DELIMITERS}
    best = max(counts.values())
    winners = [d for d, n in counts.items() if n == best]
    if best and len(winners) == 1:
        return winners[0]
    return _sniff(text) or ";"


def _first_nonblank_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line
    return ""


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def _sniff(text: str) -> str | None:
    sample = "\n".join(text.splitlines()[:_SNIFF_LINES])
    try:
        found = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return None
    return found if found in DELIMITERS else None


def _iter_csv(path: Path, data: bytes) -> TableStream:
    text, encoding = decode_bytes(data, path)
    if not text.strip():
        raise _empty(path)
    delimiter = detect_delimiter(text)
    records = _csv_records(text, delimiter, path)
    headers = _read_header(records, path)
    return TableStream(headers, _rows(records, headers, path), encoding, delimiter, "csv")


def _csv_records(text: str, delimiter: str, path: Path) -> Iterator[tuple[int, list[str]]]:
    """``(start line, cells)`` for every record, blank ones included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    start, cells = 0, []
    while True:
        previous = (start, cells)
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            _check_last_record(text, delimiter, previous, path)
            return
        except csv.Error:
            raise _quote_error(path, start) from None
        yield start, cells


def _quote_error(path: Path, line: int) -> DomainError:
    return DomainError(
        f"Le fichier « {path.name} », ligne {line} : un guillemet (\") ouvert n'est jamais "
        "fermé, la suite du fichier ne peut pas être lue. Corrigez cette ligne.", "fichier")


def _check_last_record(text: str, delimiter: str, last: tuple[int, list[str]], path: Path) -> None:
    """The csv module silently swallows the rest of the file into a quoted field left open."""
    line, cells = last
    if any("\n" in c or "\r" in c for c in cells):
        tail = "".join(islice(io.StringIO(text, newline=""), line - 1, None))
        if ends_inside_quotes(tail, delimiter):
            raise _quote_error(path, line)


def ends_inside_quotes(text: str, delimiter: str) -> bool:
    """Whether a CSV text ends inside a quoted field (csv's own states, non-strict)."""
    state = "start"
    for char in text:
        if state == "quoted":
            state = "quote" if char == '"' else "quoted"
        elif char == delimiter or char in "\r\n":
            state = "start"
        elif state == "start" and char == '"':
            state = "quoted"
        elif state == "quote" and char == '"':
            state = "quoted"  # a doubled "" inside a quoted field
        else:
            state = "plain"
    return state == "quoted"


# --- XLSX -----------------------------------------------------------------------------------

def _iter_xlsx(path: Path) -> TableStream:
    workbook = _open_workbook(path)
    try:
        records = _xlsx_records(workbook, path)
        headers = _read_header(records, path)
    except BaseException:
        workbook.close()
        raise
    return TableStream(headers, _closing(_rows(records, headers, path), workbook), None, None, "xlsx")


def _open_workbook(path: Path) -> Any:
    import openpyxl  # lazy: ~0.3 s to import

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # zipfile.BadZipFile, KeyError, InvalidFileException, XML errors…
        raise _unreadable(path) from None
    if not workbook.worksheets:
        workbook.close()
        raise _empty(path)
    return workbook


def _xlsx_records(workbook: Any, path: Path) -> Iterator[tuple[int, list[str]]]:
    sheet = workbook.worksheets[0]
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # some generators write a wrong <dimension>: read every row
    try:
        for line, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield line, [cell_text(v) for v in values]
    except DomainError:
        raise
    except Exception:
        raise _unreadable(path) from None


def _closing(rows: Iterator[RawRow], workbook: Any) -> Iterator[RawRow]:
    try:
        yield from rows
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    """An Excel cell as text: dates ``aaaa-mm-jj``, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, (int, Decimal)):
        return str(value)
    return str(value).strip()


def _float_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")  # Excel keeps 15 digits: 0.1+0.2 reads back as 0.3


# --- shared: header and rows ----------------------------------------------------------------

def _read_header(records: Iterator[tuple[int, list[str]]], path: Path) -> list[str]:
    for line, cells in records:
        if not _is_blank(cells):
            return _header_names(cells, line, path)
    raise _empty(path)


def _header_names(cells: Sequence[str], line: int, path: Path) -> list[str]:
    names = [c.strip().lstrip("\ufeff").strip() for c in cells]
    while names and not names[-1]:
        names.pop()
    names = [n or f"Colonne {i}" for i, n in enumerate(names, start=1)]
    _check_header(names, line, path)
    return names


def _check_header(names: list[str], line: int, path: Path) -> None:
    data_like = [n for n in names if _LOOKS_LIKE_DATA.match(n)]
    if data_like:
        raise DomainError(
            f"Le fichier « {path.name} » : la ligne d'en-tête est absente (la ligne {line} "
            f"contient « {data_like[0]} », une donnée). Ajoutez en première ligne les noms des "
            "colonnes.", "fichier")
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            raise DomainError(
                f"Le fichier « {path.name} » : la colonne « {name} » apparaît deux fois dans "
                f"l'en-tête (ligne {line}).", "fichier")
        seen.add(name.casefold())


def _rows(records: Iterable[tuple[int, list[str]]], headers: list[str], path: Path) -> Iterator[RawRow]:
    width = len(headers)
    for line, cells in records:
        if _is_blank(cells):
            continue
        yield RawRow(line, _row_values(cells, headers, width, line, path))


def _row_values(cells: list[str], headers: list[str], width: int, line: int, path: Path) -> dict[str, str]:
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        raise DomainError(
            f"Le fichier « {path.name} », ligne {line} : {_used_width(cells)} cellules pour "
            f"{width} colonnes dans l'en-tête. Vérifiez le séparateur ou les guillemets de "
            "cette ligne.", "fichier")
    values = [_clean_cell(c) for c in cells[:width]]
    values += [""] * (width - len(values))
    return dict(zip(headers, values))


def _used_width(cells: list[str]) -> int:
    """Number of cells up to the last non-blank one."""
    return max(i for i, c in enumerate(cells, start=1) if c.strip())


def _clean_cell(cell: str) -> str:
    text = cell.replace("\r\n", "\n").replace("\r", "\n").strip()
    if text[:1] == "'" and text[1:2] in _NEUTRALISED:
        return text[1:]  # undo the export's formula neutralisation ('=…, '+33…, '-…)
    return text


def _is_blank(cells: Sequence[str]) -> bool:
    return not any(c.strip() for c in cells)
