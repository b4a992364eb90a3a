"""Plain data a report is made of: the same objects feed the PDF, the XLSX and the screen.

A :class:`Report` has sections; a section holds blocks: :class:`Text`, :class:`KeyFigures`,
:class:`Table` and :class:`Figure` (a chart spec drawn by :mod:`milo_desktop.reports.charts`).
Values stay raw (int, float, date, str): formatting happens in each output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..domain.dates import add_years, format_date
from ..domain.errors import DomainError

#: Column kinds: how a value is formatted (PDF, screen) and aligned.
KINDS = ("text", "int", "pct", "pct2", "dec", "evol", "date")


@dataclass(frozen=True)
class Period:
    """An inclusive span of days; its end never precedes its start."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise DomainError(
                f"Période refusée : la fin ({format_date(self.end)}) précède le début "
                f"({format_date(self.start)}).", "periode")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def is_year(self) -> bool:
        return (self.start.year == self.end.year and (self.start.month, self.start.day) == (1, 1)
                and (self.end.month, self.end.day) == (12, 31))

    @property
    def semester(self) -> int | None:
        y = self.start.year
        for n, (s, e) in ((1, ((1, 1), (6, 30))), (2, ((7, 1), (12, 31)))):
            if self.start == date(y, *s) and self.end == date(y, *e):
                return n
        return None

    def previous(self) -> Period:
        """The same span one year earlier (the comparison column)."""
        return Period(add_years(self.start, -1), add_years(self.end, -1))

    @property
    def short(self) -> str:
        """Column header: ``2026``, ``S1 2026`` or ``01/03/2026–31/05/2026``."""
        if self.is_year:
            return str(self.start.year)
        if self.semester:
            return f"S{self.semester} {self.start.year}"
        return f"{format_date(self.start)}–{format_date(self.end)}"

    @property
    def label(self) -> str:
        """Sentence form: ``année 2026``, ``1er semestre 2026``, ``du 01/03/2026 au 31/05/2026``."""
        if self.is_year:
            return f"année {self.start.year}"
        if self.semester:
            rank = "1er" if self.semester == 1 else "2e"
            return f"{rank} semestre {self.start.year}"
        return f"du {format_date(self.start)} au {format_date(self.end)}"


@dataclass(frozen=True)
class Link:
    """Where a figure leads on screen: ``window.open_item(area, kind, payload)``."""

    area: str
    kind: str = "liste"
    payload: Any = None


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: int | float | None
    previous: int | float | None = None
    kind: str = "int"
    link: Link | None = None
    key: str = ""


@dataclass
class Text:
    text: str
    style: str = "normal"


@dataclass
class KeyFigures:
    items: list[KeyFigure]
    name: str = "Chiffres clés"


@dataclass
class Table:
    """``rows`` are lists of raw values; ``kinds`` gives each column's kind (see KINDS);
    ``widths`` are relative column weights for the PDF (defaults from the kinds); ``wrap``
    False keeps long lists at one line a row (text cut with « … » in the PDF only); ``annex``
    marks a row-level list (every offer in delegation…): the workbook holds it, the PDF only on
    request, as fixed-geometry pages (reports/pdf_annex.py)."""

    name: str
    headers: list[str]
    rows: list[list[Any]]
    kinds: list[str]
    total: list[Any] | None = None
    note: str | None = None
    widths: list[float] | None = None
    title: str | None = None
    wrap: bool = True
    annex: bool = False

    def column(self, header: str) -> list[Any]:
        i = self.headers.index(header)
        return [r[i] for r in self.rows]

    def row(self, label: str) -> list[Any]:
        """The row whose first cell is ``label`` (KeyError when absent)."""
        for r in self.rows:
            if r[0] == label:
                return r
        raise KeyError(label)


@dataclass
class Series:
    label: str
    values: list[float]


@dataclass
class Figure:
    """A chart: ``bar`` (grouped columns), ``hbar`` (horizontal bars), ``pie``, or ``bar_line``
    (columns with ``line`` drawn over them, e.g. entries against the objective)."""

    name: str
    kind: str
    title: str
    categories: list[str]
    series: list[Series]
    line: Series | None = None
    note: str | None = None

    @property
    def is_empty(self) -> bool:
        return not any(v for s in self.series for v in s.values)


Block = Text | KeyFigures | Table | Figure


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Identity:
    """The Mission Locale on the cover."""

    nom: str
    adresse_lignes: tuple[str, ...] = ()
    service_emploi: str = "France Travail"
    logo_path: str | None = None


@dataclass(frozen=True)
class Logo:
    """A partner's logo: ``path`` None or missing on disk -> the label is printed instead."""

    label: str
    path: str | None = None


@dataclass
class Report:
    kind: str
    title: str
    subtitle: str
    period: Period
    previous: Period
    site: str | None
    identity: Identity
    edition: date
    sections: list[Section] = field(default_factory=list)
    logos: list[Logo] = field(default_factory=list)
    empty: bool = False

    @property
    def scope_label(self) -> str:
        return f"Site : {self.site}" if self.site else "Ensemble de la Mission Locale"

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]

    def key_figures(self) -> list[KeyFigure]:
        return [k for s in self.sections for b in s.blocks if isinstance(b, KeyFigures) for k in b.items]

    def table(self, name: str) -> Table:
        for t in self.tables():
            if t.name == name:
                return t
        raise KeyError(name)

    def figure(self, name: str) -> Figure:
        for f in self.figures():
            if f.name == name:
                return f
        raise KeyError(name)
