"""Read the tables advisers bring: CSV as French Excel writes it, or the first sheet of a
workbook (.xlsx, .xlsm, .ods, .xls — all read by python-calamine).

Every value comes back as text (dates from a workbook as ``aaaa-mm-jj``); interpreting it is
the job of :mod:`milo_desktop.exchange.headers` and the services. Problems raise
``DomainError`` with a French sentence naming the file, and the line when one is at fault.
Files are bounded before they are read (:mod:`.bounds`): size, rows, cell length, expansion.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from milo_desktop.domain.errors import DomainError
from milo_desktop.domain.text import excerpt, french_int

from . import bounds
from .bounds import Limits

SourceKind = Literal["csv", "xlsx", "ods", "xls"]
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
    """One data row: ``line`` is where it starts in the file (the header is line 1);
    ``notes``: why a workbook cell reads empty (merged cells, formula without result), by
    header."""

    line: int
    values: dict[str, str]
    notes: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[RawRow]
    encoding: str | None  # None for workbooks
    delimiter: str | None  # None for workbooks
    kind: SourceKind


@dataclass(frozen=True)
class TableStream:
    """Like :class:`Table`, with rows produced one at a time (for big files);
    ``rows_hint``: the number of data rows when known beforehand (for progress)."""

    headers: list[str]
    rows: Iterator[RawRow]
    encoding: str | None
    delimiter: str | None
    kind: SourceKind
    rows_hint: int | None = None


# --- entry points ---------------------------------------------------------------------------

def read_table(path: str | Path, limits: Limits | None = None) -> Table:
    """Read a whole CSV file or workbook sheet into memory."""
    stream = iter_table(path, limits)
    rows = list(stream.rows)
    return Table(stream.headers, rows, stream.encoding, stream.delimiter, stream.kind)


def iter_table(path: str | Path, limits: Limits | None = None) -> TableStream:
    """Open ``path``, check its bounds, read its header and return the data rows as an
    iterator.

    Errors about the file itself (missing, unreadable, too large, empty, no header) are raised
    here; an error in a data row is raised when the iterator reaches it.
    """
    path, limits = Path(path), limits or Limits()
    bounds.check_file(path, limits)
    head = _read_head(path)
    if head.startswith(_ZIP_MAGIC):
        return _iter_workbook(path, "zip", limits)
    if head.startswith(_OLE_MAGIC):
        return _iter_workbook(path, "xls", limits)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".xls"):
        raise _unreadable(path)
    return _iter_csv(path, _read_bytes(path, limits), limits)


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


def _read_bytes(path: Path, limits: Limits) -> bytes:
    """At most the size limit (a file growing while it is read is cut, then refused)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(limits.file_bytes + 1)
    except OSError as err:
        raise DomainError(
            f"Le fichier « {path} » ne peut pas être lu ({err.strerror or err}).", "fichier"
        ) from None
    if len(data) > limits.file_bytes:
        bounds.check_file(path, Limits(file_bytes=0))  # the size message
    return data


def _unreadable(path: Path) -> DomainError:
    message = f"Le fichier « {path.name} » n'est pas un fichier CSV ou Excel lisible."
    if path.suffix.lower() == ".numbers":
        message += " Enregistrez-le au format .xlsx, .ods ou CSV, puis recommencez."
    return DomainError(message, "fichier")


def _empty(path: Path) -> DomainError:
    return DomainError(f"Le fichier « {path.name} » est vide.", "fichier")


# --- CSV ------------------------------------------------------------------------------------

_C1 = re.compile(rb"[\x80-\x9f]")
_CP1252_HOLES = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# Bytes ISO-8859-15 reads as letters (Š š Ž ž Œ œ Ÿ) where cp1252 reads signs (¦ ¨ ´ ¸ ¼ ½ ¾),
# and 0xA4: € in ISO-8859-15, the never-used « ¤ » in cp1252.
_LATIN9_LETTERS = frozenset(b"\xa6\xa8\xb4\xb8\xbc\xbd\xbe")
_LATIN9_EURO = 0xA4
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
TRIED = "UTF-8, Windows-1252 (« CSV (point-virgule) » d'Excel) et ISO-8859-15"


def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """``(text, encoding)``: UTF-16 with a BOM, else UTF-8 (BOM or not), else cp1252 or
    ISO-8859-15 told apart by their bytes; a French refusal naming the encodings tried when
    neither reading is certain.

    Never latin-1: it accepts any byte and turns cp1252's ``Œ`` or ``€`` into control codes.
    """
    if data.startswith(_UTF16_BOMS):
        return _decode(data, "utf-16", path), "utf-16"
    if b"\x00" in data:
        raise _unreadable(path)
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQUENCE.search(data):
        raise _undecodable(path, "il mélange du texte UTF-8 et du texte Windows-1252")
    encoding = eight_bit_encoding(data, path)
    return _decode(data, encoding, path), encoding


def eight_bit_encoding(data: bytes, path: Path) -> str:
    """``"cp1252"`` or ``"iso-8859-15"`` for a file that is not UTF-8.

    Bytes 0x80-0x9F are letters and signs in cp1252 (Œ is 0x8C) and control codes in
    ISO-8859-15: their presence means cp1252. Without them, the two differ only on eight bytes
    (ISO-8859-15's Œ is 0xBC, cp1252's ¼): read as letters inside words, or 0xA4 (€), they
    mean ISO-8859-15; read between non-letters (« 1 ¼ l »), cp1252; both at once is refused.
    """
    if _C1.search(data):
        if _CP1252_HOLES.search(data):
            raise _unreadable(path)
        return "cp1252"
    latin9 = signs = 0
    for index, byte in enumerate(data):
        if byte == _LATIN9_EURO:
            latin9 += 1
        elif byte in _LATIN9_LETTERS:
            if _is_letter(data, index - 1) or _is_letter(data, index + 1):
                latin9 += 1
            else:
                signs += 1
    if latin9 and signs:
        raise _undecodable(path, "certains caractères se lisent comme des lettres (ISO-8859-15) "
                                 "et d'autres comme des signes (Windows-1252)")
    return "iso-8859-15" if latin9 else "cp1252"


def _is_letter(data: bytes, index: int) -> bool:
    if not 0 <= index < len(data):
        return False
    byte = data[index]
    return (65 <= byte <= 90 or 97 <= byte <= 122 or byte >= 0xC0 and byte not in (0xD7, 0xF7)
            or byte in _LATIN9_LETTERS)


def _undecodable(path: Path, why: str) -> DomainError:
    return DomainError(
        f"Le fichier « {path.name} » ne peut pas être décodé sans ambiguïté : {why}. Encodages "
        f"essayés : {TRIED}. Enregistrez-le en « CSV UTF-8 » depuis le tableur, puis "
        "recommencez.", "fichier")


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


def _iter_csv(path: Path, data: bytes, limits: Limits) -> TableStream:
    text, encoding = decode_bytes(data, path)
    del data
    if not text.strip():
        raise _empty(path)
    delimiter = detect_delimiter(text[:65536])
    hint = text.count("\n")
    if hint > limits.rows + 1 and _physical_rows(text, delimiter) > limits.rows + 1:
        raise bounds.too_many_rows(path, limits)
    records = _csv_records(text, delimiter, path, limits)
    headers = _read_header(records, path)
    return TableStream(headers, _rows(records, headers, path), encoding, delimiter, "csv", hint)


def _physical_rows(text: str, delimiter: str) -> int:
    """Records, not lines: a quoted cell may hold line breaks."""
    return sum(1 for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _csv_records(text: str, delimiter: str, path: Path,
                 limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """``(start line, cells)`` for every record, blank ones included."""
    csv.field_size_limit(max(csv.field_size_limit(), limits.cell_chars * 4))
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
        if any(len(c) > limits.cell_chars for c in cells):
            raise _long_cell(path, start, cells, limits)
        yield start, cells


def _long_cell(path: Path, line: int, cells: list[str], limits: Limits) -> DomainError:
    cell = next(c for c in cells if len(c) > limits.cell_chars)
    return DomainError(
        f"Le fichier « {path.name} », ligne {line} : une cellule de {french_int(len(cell))} "
        f"caractères (« {excerpt(cell, 20)} ») dépasse la limite d'une cellule "
        f"({french_int(limits.cell_chars)} caractères) : vérifiez les guillemets de cette ligne.",
        "fichier")


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


# --- workbooks: .xlsx, .xlsm, .ods, .xls (python-calamine reads them all) ---------------------

WORKBOOK_NAMES = {"xlsx": "classeur Excel (.xlsx)", "ods": "classeur LibreOffice (.ods)",
                  "xls": "classeur Excel 97-2003 (.xls)"}


def _iter_workbook(path: Path, kind: str, limits: Limits) -> TableStream:
    """The first sheet of a workbook. An archive (xlsx, ods) is checked and scanned first
    (:mod:`.bounds`); an .xls is bounded by the file size (65 536 rows at most)."""
    formulas: frozenset[tuple[int, int]] = frozenset()
    hint = None
    if kind == "zip":
        archive, kind = bounds.check_archive(path, limits)
        try:
            found = bounds.scan(archive, kind, path, limits)
        finally:
            archive.close()
        formulas, hint = found.formulas, max(found.rows - 1, 0)
    sheet = _open_sheet(path, kind)
    records = _sheet_records(sheet, path, limits)
    headers = _read_header(records, path)
    notes = _CellNotes(sheet, formulas)
    rows = _rows(records, headers, path, notes)
    return TableStream(headers, rows, None, None, kind, hint)


def _open_sheet(path: Path, kind: str) -> Any:
    import python_calamine as calamine  # lazy: only workbooks need it

    try:
        workbook = calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        raise _protected(path) from None
    except Exception:  # CalamineError, XmlError, ZipError…
        if kind == "xls" and path.suffix.lower() in (".xlsx", ".xlsm"):
            raise _protected(path) from None  # an encrypted .xlsx is an OLE container
        raise _unreadable(path) from None
    try:
        if not workbook.sheet_names:
            raise _empty(path)
        return workbook.get_sheet_by_index(0)
    except DomainError:
        raise
    except Exception:
        raise _unreadable(path) from None
    finally:
        workbook.close()


def _protected(path: Path) -> DomainError:
    return DomainError(f"Le classeur « {path.name} » est protégé par un mot de passe : "
                       "enregistrez-le sans mot de passe, puis recommencez.", "fichier")


def _sheet_records(sheet: Any, path: Path, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)``: lines as the spreadsheet numbers them (calamine yields rows from the
    first line, cells from the first used column)."""
    if (sheet.end or (0, 0))[0] + 1 > limits.rows + 1:
        raise bounds.too_many_rows(path, limits)
    try:
        for line, values in enumerate(sheet.iter_rows(), start=1):
            yield line, [cell_text(v) for v in values]
    except DomainError:
        raise
    except Exception:
        raise _unreadable(path) from None


class _CellNotes:
    """Why a workbook's cell reads empty: part of a merged range, or a formula whose result
    the file does not hold."""

    def __init__(self, sheet: Any, formulas: frozenset[tuple[int, int]]):
        self.col0 = (sheet.start or (0, 0))[1]
        self.formulas = formulas
        self.merged = [r for r in (sheet.merged_cell_ranges or ()) if r[0] != r[1]]

    def __bool__(self) -> bool:
        return bool(self.formulas or self.merged)

    def of(self, line: int, headers: list[str], cells: list[str]) -> dict[str, str]:
        row = line - 1
        notes = {}
        for index, header in enumerate(headers):
            if index < len(cells) and cells[index]:
                continue
            note = self._note(row, index + self.col0)
            if note:
                notes[header] = note
        return notes

    def _note(self, row: int, col: int) -> str | None:
        for (r0, c0), (r1, c1) in self.merged:
            if r0 <= row <= r1 and c0 <= col <= c1 and (row, col) != (r0, c0):
                return (f"la cellule {_cell_name(row, col)} fait partie de cellules fusionnées "
                        f"({_cell_name(r0, c0)} à {_cell_name(r1, c1)}) : seule la première porte "
                        "la valeur ; annulez la fusion et recopiez la valeur sur chaque ligne")
        if (row, col) in self.formulas:
            return (f"la cellule {_cell_name(row, col)} est calculée par une formule dont le "
                    "fichier n'enregistre pas le résultat : ouvrez-le dans le tableur et "
                    "enregistrez-le, ou remplacez la formule par sa valeur (Collage spécial "
                    "> Valeurs)")
        return None


def _cell_name(row: int, col: int) -> str:
    letters, col = "", col + 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


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
    if isinstance(value, timedelta):  # a duration cell
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
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
            f"contient « {excerpt(data_like[0])} », une donnée). Ajoutez en première ligne les noms des "
            "colonnes.", "fichier")
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            raise DomainError(
                f"Le fichier « {path.name} » : la colonne « {excerpt(name)} » apparaît deux fois dans "
                f"l'en-tête (ligne {line}).", "fichier")
        seen.add(name.casefold())


def _rows(records: Iterable[tuple[int, list[str]]], headers: list[str], path: Path,
          notes: Any = None) -> Iterator[RawRow]:
    width = len(headers)
    for line, cells in records:
        if _is_blank(cells):
            continue
        values = _row_values(cells, headers, width, line, path)
        if notes:
            yield RawRow(line, values, notes.of(line, headers, cells))
        else:
            yield RawRow(line, values)


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
