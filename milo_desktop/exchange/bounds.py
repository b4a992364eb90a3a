"""Bounds of a file to import, checked before it is read: size, rows, cell length, expansion.

A hostile or broken file must be refused in seconds, with flat memory: a workbook (``.xlsx``,
``.ods`` — zip archives) that expands to gigabytes, a sheet of millions of rows, a cell of
hundreds of megabytes, ``/dev/zero``. The workbook's archive is inspected first (declared
sizes and compression ratios: a zip bomb is refused before anything is decompressed), then its
first sheet is scanned as a byte stream (rows counted, the longest text run measured) before
the spreadsheet reader builds a single cell.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from milo_desktop.domain.errors import DomainError
from milo_desktop.domain.text import french_int

MB = 1024 * 1024
# Excel's own limit for one cell: a longer text cannot come from a spreadsheet program.
CELL_MAX = 32_767
# A large Mission Locale follows 10 000 to 20 000 young people a year: 100 000 rows is five
# years or more of its history in one file, and keeps the analysis under ~300 MB.
ROWS_DEFAULT = 100_000
ROWS_SETTING = "imports.lignes_max"
_CHUNK = 1 * MB
_RATIO_MAX = 100  # a sheet compresses 5 to 30 times; a zip bomb a thousand times
_RATIO_FROM = 4 * MB  # small members may compress very well (an empty sheet)
# xlsx (<row …>), ods (<table:table-row …>); x: prefixes written by some generators
_ROW_TAGS = (b"<row ", b"<row>", b"<x:row ", b"<table:table-row ", b"<table:table-row>")
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*>\s*<f[ >/]')
_FORMULAS_KEPT = 10_000


@dataclass(frozen=True)
class Limits:
    """What an import accepts. ``rows`` is a setting (Paramètres ▸ Seuils), the others are
    fixed by what a spreadsheet program can produce and what the machine can hold."""

    rows: int = ROWS_DEFAULT
    file_bytes: int = 100 * MB
    expanded_bytes: int = 400 * MB  # a workbook's uncompressed content
    cell_chars: int = CELL_MAX


@dataclass(frozen=True)
class Scan:
    """What the byte scan of a workbook's first sheet found."""

    rows: int
    formulas: frozenset[tuple[int, int]]  # (row, column) from 0 of formula cells (xlsx)


def _mb(size: int) -> str:
    return f"{french_int(max(1, round(size / MB)))} Mo"


def check_file(path: Path, limits: Limits) -> int:
    """The file's size, or a French refusal: not a regular file (a device such as
    ``/dev/zero``, a pipe), or larger than the limit."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DomainError(f"Le fichier « {path} » est introuvable.", "fichier") from None
    except OSError as err:
        raise DomainError(f"Le fichier « {path} » ne peut pas être ouvert "
                          f"({err.strerror or err}).", "fichier") from None
    if stat.S_ISDIR(info.st_mode):
        raise DomainError(f"« {path} » est un dossier, pas un fichier.", "fichier")
    if not stat.S_ISREG(info.st_mode):
        raise DomainError(f"« {path} » n'est pas un fichier ordinaire (périphérique, tube…) : "
                          "choisissez un fichier CSV ou un classeur enregistré sur le disque.",
                          "fichier")
    if info.st_size > limits.file_bytes:
        raise DomainError(f"Le fichier « {path.name} » fait {_mb(info.st_size)} : un import "
                          f"accepte {_mb(limits.file_bytes)} au plus. Découpez-le en plusieurs "
                          "fichiers.", "fichier")
    return info.st_size


def too_many_rows(path: Path, limits: Limits) -> DomainError:
    return DomainError(
        f"Le fichier « {path.name} » a plus de {french_int(limits.rows)} lignes, la limite d'un "
        "import (réglable dans Paramètres ▸ Seuils et partenaires) : découpez-le en plusieurs "
        "fichiers ou relevez la limite.", "fichier")


def too_long_cell(path: Path, limits: Limits) -> DomainError:
    return DomainError(
        f"Le fichier « {path.name} » contient une cellule de plus de "
        f"{french_int(limits.cell_chars)} caractères (la limite d'une cellule Excel) : ce n'est pas un tableau à importer.",
        "fichier")


def _bomb(path: Path) -> DomainError:
    return DomainError(
        f"Le classeur « {path.name} » se décompresse en bien plus de données que n'en contient "
        "un tableau (archive piégée ou endommagée) : il n'a pas été ouvert.", "fichier")


def _damaged(path: Path) -> DomainError:
    return DomainError(f"Le classeur « {path.name} » est endommagé (archive illisible) : "
                       "ouvrez-le dans le tableur et enregistrez-le à nouveau.", "fichier")


def check_archive(path: Path, limits: Limits) -> tuple[zipfile.ZipFile, str]:
    """The open archive and the format it holds (``"xlsx"`` or ``"ods"``), after checking the
    sizes its directory declares — nothing is decompressed here."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_a_table(path) from None
    try:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        if total > limits.expanded_bytes or len(members) > 10_000:
            raise _bomb(path)
        for m in members:
            if m.file_size > _RATIO_FROM and m.file_size > _RATIO_MAX * max(m.compress_size, 1):
                raise _bomb(path)
        return archive, _archive_kind(archive, path)
    except BaseException:
        archive.close()
        raise


def _archive_kind(archive: zipfile.ZipFile, path: Path) -> str:
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        mimetype = _read_small(archive, "mimetype", path)
        if b"opendocument.spreadsheet" in mimetype:
            return "ods"
    raise _not_a_table(path)


def _not_a_table(path: Path) -> DomainError:
    return DomainError(f"Le fichier « {path.name} » n'est pas un fichier CSV ou Excel lisible.",
                       "fichier")


def _read_small(archive: zipfile.ZipFile, name: str, path: Path, limit: int = 4 * MB) -> bytes:
    if archive.getinfo(name).file_size > limit:
        raise _bomb(path)
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise _damaged(path) from None


def first_sheet(archive: zipfile.ZipFile, kind: str, path: Path) -> str:
    """The archive member holding the first sheet (``content.xml`` for ods)."""
    if kind == "ods":
        return "content.xml"
    workbook = _read_small(archive, "xl/workbook.xml", path)
    sheet = re.search(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", workbook)
    if sheet is not None and "xl/_rels/workbook.xml.rels" in archive.namelist():
        rels = _read_small(archive, "xl/_rels/workbook.xml.rels", path)
        for rel in re.finditer(rb"<Relationship\b[^>]*>", rels):
            tag = rel.group(0)
            if b'Id="' + sheet.group(1) + b'"' in tag:
                target = re.search(rb'Target="([^"]+)"', tag)
                if target:
                    name = target.group(1).decode("utf-8", "replace").lstrip("/")
                    name = name if name.startswith("xl/") else str(PurePosixPath("xl") / name)
                    if name in archive.namelist():
                        return name
    sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
    if not sheets:
        raise _damaged(path)
    return sheets[0]


def scan(archive: zipfile.ZipFile, kind: str, path: Path, limits: Limits) -> Scan:
    """Stream the first sheet (and an xlsx's shared strings) once: rows counted, the row limit
    and the cell length enforced as the bytes come, formula cells noted."""
    sheet = first_sheet(archive, kind, path)
    rows, formulas = _scan_member(archive, sheet, path, limits, count_rows=True)
    if kind == "xlsx" and "xl/sharedStrings.xml" in archive.namelist():
        _scan_member(archive, "xl/sharedStrings.xml", path, limits, count_rows=False)
    return Scan(rows, frozenset(formulas))


def _scan_member(archive: zipfile.ZipFile, name: str, path: Path, limits: Limits,
                 count_rows: bool) -> tuple[int, set[tuple[int, int]]]:
    run_max = 4 * limits.cell_chars + 1024  # UTF-8 bytes and XML escapes of the longest cell
    rows, run, tail = 0, 0, b""
    formulas: set[tuple[int, int]] = set()
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                buffer = tail + chunk
                run = _longest_run(chunk, run, run_max, path, limits)
                tail = buffer[-256:]
                if count_rows:
                    # a tag cut by the chunk boundary is seen whole in the next buffer: the
                    # tags inside the tail are counted there
                    rows += sum(buffer.count(t) - tail.count(t) for t in _ROW_TAGS)
                    if rows > limits.rows + 1:  # + the header line
                        raise too_many_rows(path, limits)
                    if len(formulas) < _FORMULAS_KEPT:
                        formulas.update(_formula_cells(buffer))
    except DomainError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError):
        raise _damaged(path) from None
    if count_rows:
        rows += sum(tail.count(tag) for tag in _ROW_TAGS)
    return rows, formulas


def _longest_run(chunk: bytes, run: int, run_max: int, path: Path, limits: Limits) -> int:
    """Length of the text run without ``<`` at the end of ``chunk`` (``run`` carried from the
    previous chunk); a French refusal when a run exceeds the longest possible cell."""
    first = chunk.find(b"<")
    if first < 0:
        run += len(chunk)
    else:
        inner = max(map(len, chunk.split(b"<")))
        if max(run + first, inner) > run_max:
            raise too_long_cell(path, limits)
        run = len(chunk) - chunk.rfind(b"<") - 1
    if run > run_max:
        raise too_long_cell(path, limits)
    return run


def _formula_cells(buffer: bytes) -> set[tuple[int, int]]:
    found = set()
    for match in _FORMULA_CELL.finditer(buffer):
        letters, number = match.group(1).decode(), int(match.group(2))
        column = 0
        for letter in letters:
            column = column * 26 + ord(letter) - 64
        found.add((number - 1, column - 1))
    return found
