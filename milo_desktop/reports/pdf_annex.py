"""Row-level annexes of a report (every offer in delegation…) as fixed-geometry pages.

A ReportLab ``Table`` of thousands of rows measures every cell, and inside ``multiBuild`` (the
table of contents) it is laid out at each pass: 7 630 rows took 9 s. Here every row has the same
height and every column a fixed width, so a page is cut by arithmetic (``split`` is O(1)) and
its rows are drawn straight on the canvas, one string per cell, only in the pass that is kept
(``Live``): the layout passes of the contents cost nothing per row.
"""

from __future__ import annotations

from .model import Table
from .pdf_tables import BLUE, CELL_SIZE, GRID, NUMERIC, TOTAL, ZEBRA, col_widths, format_value
from .pdfbase import FONT, FONT_BOLD

ROW_HEIGHT = CELL_SIZE + 5.5
LINE = CELL_SIZE + 2
PAD = 4


class Live:
    """Whether annex rows are drawn: off during the layout passes, on for the final one."""

    def __init__(self, on: bool = False):
        self.on = on


def annex_flowable(table: Table, width: float, live: Live):
    """The whole table as one flowable that splits page by page (header on each page)."""
    rows = [(r, False) for r in table.rows]
    if table.total is not None:
        rows.append((table.total, True))
    widths = col_widths(table, width)
    headers = [_lines(h, w) for h, w in zip(table.headers, widths)]
    return _fixed_table_class()(table, widths, headers, rows, live)


def header_height(headers: list[list[str]]) -> float:
    return max(len(h) for h in headers) * LINE + ROW_HEIGHT - LINE + 2


def _lines(header: str, width: float) -> list[str]:
    """A header on at most two lines (words kept whole), the second cut with « … »."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    lines = [""]
    for word in header.split():
        candidate = f"{lines[-1]} {word}".strip()
        if lines[-1] and stringWidth(candidate, FONT_BOLD, CELL_SIZE) > width - 2 * PAD:
            lines.append(word)
        else:
            lines[-1] = candidate
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return [_fit(line, width, FONT_BOLD) for line in lines]


_CLASS = None


def _fixed_table_class():
    global _CLASS
    if _CLASS is not None:
        return _CLASS
    from reportlab.platypus import Flowable

    class FixedTable(Flowable):
        def __init__(self, table: Table, widths: list[float], headers: list, rows: list, live: Live):
            super().__init__()
            self.table, self.widths, self.headers, self.rows, self.live = table, widths, headers, rows, live
            self.width = sum(widths)
            self.head = header_height(headers)
            self.height = self.head + ROW_HEIGHT * len(rows)

        def wrap(self, avail_width, avail_height):  # noqa: D401 - ReportLab API
            return self.width, self.height

        def split(self, avail_width, avail_height):
            n = max(int((avail_height - self.head) // ROW_HEIGHT), 0)
            if n <= 0:
                return []
            if n >= len(self.rows):
                return [self]
            cls = type(self)
            return [cls(self.table, self.widths, self.headers, self.rows[:n], self.live),
                    cls(self.table, self.widths, self.headers, self.rows[n:], self.live)]

        def draw(self):
            if self.live.on:
                _draw(self.canv, self.table, self.widths, self.headers, self.rows, self.height)

    _CLASS = FixedTable
    return _CLASS


def _fit(text: str, width: float, font: str) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    room = width - 2 * PAD
    if stringWidth(text, font, CELL_SIZE) <= room:
        return text
    while len(text) > 1 and stringWidth(text + "…", font, CELL_SIZE) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _draw(canv, table: Table, widths: list[float], headers: list, rows: list, height: float) -> None:
    from reportlab.lib.colors import HexColor, white
    lefts = [sum(widths[:i]) for i in range(len(widths))]
    numeric = [k in NUMERIC for k in table.kinds]
    total_width = sum(widths)
    top = height
    canv.saveState()
    canv.setFillColor(HexColor(BLUE))
    head = header_height(headers)
    canv.rect(0, top - head, total_width, head, stroke=0, fill=1)
    canv.setFillColor(white)
    canv.setFont(FONT_BOLD, CELL_SIZE)
    for lines, left, w, num in zip(headers, lefts, widths, numeric):
        base = top - head + (head - len(lines) * LINE) / 2 + (len(lines) - 1) * LINE + 2.5
        for n, text in enumerate(lines):
            if num:
                canv.drawRightString(left + w - PAD, base - n * LINE, text)
            else:
                canv.drawString(left + PAD, base - n * LINE, text)
    y = top - head
    zebra, total_bg, grid = HexColor(ZEBRA), HexColor(TOTAL), HexColor(GRID)
    for i, (values, is_total) in enumerate(rows):
        y -= ROW_HEIGHT
        if is_total or i % 2:
            canv.setFillColor(total_bg if is_total else zebra)
            canv.rect(0, y, total_width, ROW_HEIGHT, stroke=0, fill=1)
    canv.setStrokeColor(grid)
    canv.setLineWidth(0.4)
    y = top - head
    canv.setFillColorRGB(0, 0, 0)
    for values, is_total in rows:
        y -= ROW_HEIGHT
        font = FONT_BOLD if is_total else FONT
        canv.setFont(font, CELL_SIZE)
        line = y + (ROW_HEIGHT - CELL_SIZE) / 2 + 1.5
        for value, kind, left, w, num in zip(values, table.kinds, lefts, widths, numeric):
            text = format_value(value, kind)
            if not text:
                continue
            if num:
                canv.drawRightString(left + w - PAD, line, text)
            else:
                canv.drawString(left + PAD, line, _fit(text, w, font))
        canv.line(0, y, total_width, y)
    canv.restoreState()


def annex_note(table: Table) -> str:
    """What the PDF says in place of a row-level list it does not print."""
    n = len(table.rows)
    return (f"Liste détaillée ({format_value(n, 'int')} ligne{'s' if n > 1 else ''}) : feuille "
            f"« {table.name} » du classeur Excel du bilan, ou annexe du PDF sur demande "
            "(case « Annexes détaillées », option --annexes).")
