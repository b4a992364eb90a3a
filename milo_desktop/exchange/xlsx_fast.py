"""XLSX sheets written by ``rustpy-xlsxwriter`` (Rust's rust_xlsxwriter, by XlsxWriter's author).

Writing 100 000 rows × 28 columns takes 1.5-2 s here against 14-16 s with XlsxWriter, whose
per-cell Python work cannot go faster (``benchmarks/bench_exports.py``). The output is the same
as the XlsxWriter path in ``writing.py``: header in bold on a blue fill, first row frozen, filter
buttons, real numbers and dates (``jj/mm/aaaa``, with the time when there is one), text never
read as a formula nor a link.

XlsxWriter stays the fallback when the compiled module is not installed, and writes the
workbooks where a column mixes dates and numbers in its first rows (the small « Informations »
sheet of a report): this library formats a whole column, XlsxWriter each cell.

The library takes each row as a dict keyed by header: equal headers are made unique here.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from milo_desktop.domain.errors import DomainError

EXCEL_TEXT_MAX = 32_767  # characters in one cell
SNIFF_ROWS = 1000  # rows read ahead to tell date columns from date-and-time ones
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


def available() -> bool:
    try:
        import rustpy_xlsxwriter  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class Prepared:
    """A sheet whose first rows have been read ahead (``sheet.rows`` replays them)."""
    sheet: Any  # writing.Sheet
    kinds: list[str | None]  # per column: "date", "datetime" or None
    empty: bool
    mixed: bool  # a column holds dates and numbers: one format per column cannot show both


def prepare(sheet: Any) -> Prepared:
    width = len(sheet.headers)
    iterator = iter(sheet.rows)
    head = list(itertools.islice(iterator, SNIFF_ROWS))
    kinds: list[str | None] = [None] * width
    numbers = [False] * width
    for row in head:
        for col, value in enumerate(row[:width]):
            if isinstance(value, datetime):
                if value.time() != datetime.min.time():
                    kinds[col] = "datetime"
                elif kinds[col] is None:
                    kinds[col] = "date"
            elif isinstance(value, date):
                kinds[col] = kinds[col] or "date"
            elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                numbers[col] = True
    mixed = any(kind is not None and number for kind, number in zip(kinds, numbers))
    replay = dataclasses.replace(sheet, rows=itertools.chain(head, iterator))
    return Prepared(replay, kinds, not head, mixed)


def write_sheets(tmp: Path, sheets: Sequence[Prepared], names: list[str], ticker: Any,
                 path: Path, max_rows: int) -> None:
    """Write the prepared sheets under ``names`` into ``tmp`` (none of them ``mixed``)."""
    import rustpy_xlsxwriter as rx

    header_format = (rx.Format().set_bold().set_background_color("#DDEBF7")
                     .set_border("thin"))
    date_format = rx.Format().set_num_format(DATE_FORMAT)
    book = rx.FastExcel(str(tmp), output_format="xlsx").format(datetime_format=DATETIME_FORMAT)
    for prepared, name in zip(sheets, names):
        sheet = prepared.sheet
        keys = unique_keys([str(h) for h in sheet.headers])
        widths = [_width(sheet.widths, col, key) for col, key in enumerate(keys)]
        formats = [date_format if kind == "date" else None for kind in prepared.kinds]
        book.sheet(name, _records(keys, sheet.rows, ticker, path, max_rows),
                   column_widths=widths, column_formats=formats,
                   header_format=header_format, autofilter=not prepared.empty)
    if not sheets:
        book.sheet("Feuille 1", [{"": None}])
    book.freeze(row=1)
    try:
        book.save()
    except (RuntimeError, ValueError) as err:
        raise DomainError(f"Le fichier Excel « {path.name} » n'a pas pu être écrit : {err}.",
                          "fichier") from err


def unique_keys(headers: list[str]) -> list[str]:
    """Headers made unique (``Nom``, ``Nom (2)``…): each row is a dict keyed by them."""
    seen: set[str] = set()
    keys = []
    for header in headers:
        key, n = header, 1
        while key in seen:
            n += 1
            key = f"{header} ({n})"
        seen.add(key)
        keys.append(key)
    return keys


def _width(widths: Sequence[float] | None, col: int, key: str) -> float:
    from .writing import header_width

    given = widths[col] if widths is not None and col < len(widths) else None
    return given if given is not None else header_width(key)


def _records(keys: list[str], rows: Iterable[Sequence[Any]], ticker: Any, path: Path,
             max_rows: int) -> Iterator[dict]:
    """Rows as dicts of values the library writes as Excel would show them in the app."""
    from .writing import _too_many_rows

    convert, plain = _CONVERT, _PLAIN
    count = 0
    for row in rows:
        count += 1
        if count >= max_rows:
            raise _too_many_rows(path)
        yield dict(zip(keys, [v if type(v) in plain else (convert.get(type(v)) or _other)(v)
                              for v in row]))
        ticker.tick()
    if count == 0:
        yield dict.fromkeys(keys)  # the header row is written with the first record


def _text(value: str) -> str:
    return value if len(value) <= EXCEL_TEXT_MAX else value[:EXCEL_TEXT_MAX]


def _number(value: float | Decimal) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None  # Excel has no NaN nor infinity


def _moment(value: datetime) -> datetime:
    return value.replace(tzinfo=None) if value.tzinfo is not None else value


def _other(value: Any) -> Any:
    """A subclass of a known type (IntEnum, StrEnum…) as its base value, anything else as text."""
    for kind, func in _CONVERT.items():
        if isinstance(value, kind):
            return func(kind(value)) if kind in (str, int, float) else func(value)
    return _text(str(value))


_PLAIN = frozenset((int, date, type(None)))
_CONVERT = {
    bool: lambda v: "oui" if v else "non",
    str: _text,
    float: _number,
    Decimal: _number,
    datetime: _moment,
    int: int,
    date: lambda v: v,
}
