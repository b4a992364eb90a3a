"""Tables and key-figure cards for the PDF: fixed column widths, French formatting, header
repeated on each page a long table spans, a total line, notes."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from .model import KeyFigure, KeyFigures, Table
from .pdfbase import FONT, FONT_BOLD, NNBSP, fmt_dec, fmt_int, fmt_pct

BLUE, ZEBRA, TOTAL, GRID = "#1f3b63", "#f3f6fa", "#e2e8f0", "#c9d2de"
NUMERIC = frozenset({"int", "pct", "pct2", "dec", "evol"})
DEFAULT_WEIGHT = {"text": 3.0, "date": 1.4}
CELL_SIZE = 8
MINUS = "\u2212"
SHORT_TABLE = 30  # rows: a table this short moves whole to the next page rather than splitting


def fmt_evol(value: float | None) -> str:
    if value is None:
        return "–"
    sign = "+" if value > 0 else MINUS if value < 0 else ""
    return f"{sign}{fmt_pct(abs(value), 1)}"


def format_value(value, kind: str) -> str:
    """A raw value as French text for the page or the screen."""
    if value is None or value == "":
        return "–" if kind in NUMERIC else ""
    if kind == "int":
        return fmt_int(int(round(value)))
    if kind == "pct":
        return fmt_pct(value, 1)
    if kind == "pct2":
        return fmt_pct(value, 2)
    if kind == "dec":
        return fmt_int(value) if isinstance(value, int) else fmt_dec(value, 1)
    if kind == "evol":
        return fmt_evol(value)
    if kind == "date" and isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def format_key_value(fig: KeyFigure, value) -> str:
    return format_value(value, "dec" if fig.kind == "dec" else "int")


def col_widths(table: Table, width: float) -> list[float]:
    """Widths from the weights, widened so no header word has to be cut, others narrowed."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    weights = table.widths or [DEFAULT_WEIGHT.get(k, 1.15) for k in table.kinds]
    widths = [width * w / sum(weights) for w in weights]
    mins = [max([stringWidth(word, FONT_BOLD, CELL_SIZE) for word in h.split()]
                + ([stringWidth("00/00/0000", FONT_BOLD, CELL_SIZE)] if k == "date" else []), default=0) + 9
            for h, k in zip(table.headers, table.kinds)]
    if sum(mins) >= width:
        return widths
    for _ in range(len(widths)):
        short = [i for i, w in enumerate(widths) if w < mins[i]]
        if not short:
            break
        missing = sum(mins[i] - widths[i] for i in short)
        others = [i for i in range(len(widths)) if i not in short and widths[i] > mins[i]]
        spare = sum(widths[i] - mins[i] for i in others)
        if spare <= missing:
            break
        for i in short:
            widths[i] = mins[i]
        for i in others:
            widths[i] -= missing * (widths[i] - mins[i]) / spare
    return widths


def _fits(text: str, width: float, bold: bool = False) -> bool:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    return stringWidth(text, FONT_BOLD if bold else FONT, CELL_SIZE) <= width - 8


def _cut(text: str, width: float, bold: bool) -> str:
    while len(text) > 1 and not _fits(text, width, bold):
        text = text[:-2].rstrip() + "…"
    return text


def _cell(text: str, width: float, st, bold: bool = False, wrap: bool = True):
    """Plain strings draw fast; a Paragraph only when the text must wrap."""
    if _fits(text, width, bold):
        return text
    if not wrap:
        return _cut(text, width, bold)
    from reportlab.platypus import Paragraph
    style = st["cell_bold"] if bold else st["cell"]
    return Paragraph(escape(text), style)


def _header(table: Table, widths: list[float], st) -> list:
    from reportlab.platypus import Paragraph
    return [Paragraph(escape(h), st["th_r"] if k in NUMERIC else st["th"])
            for h, k in zip(table.headers, table.kinds)]


def _row(values: list, table: Table, widths: list[float], st, bold: bool = False) -> list:
    return [_cell(format_value(v, k), w, st, bold, table.wrap) if k not in NUMERIC else format_value(v, k)
            for v, k, w in zip(values, table.kinds, widths)]


def _style(table: Table, n_rows: int):
    from reportlab.lib.colors import HexColor, white
    cmds = [
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(BLUE)), ("TEXTCOLOR", (0, 0), (-1, 0), white),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, HexColor(GRID)),
        ("ROWBACKGROUNDS", (0, 1), (-1, n_rows), [white, HexColor(ZEBRA)]),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for i, kind in enumerate(table.kinds):
        if kind in NUMERIC:
            cmds.append(("ALIGN", (i, 1), (i, -1), "RIGHT"))
    if table.total is not None:
        cmds += [("FONTNAME", (0, -1), (-1, -1), FONT_BOLD), ("BACKGROUND", (0, -1), (-1, -1), HexColor(TOTAL)),
                 ("LINEABOVE", (0, -1), (-1, -1), 0.8, HexColor(BLUE))]
    return cmds


def table_flowables(table: Table, width: float, st) -> list:
    """Title, the table (split across pages with its header repeated), its note."""
    from reportlab.platypus import Paragraph, Spacer
    from reportlab.platypus import Table as RLTable
    st = {**st, **cell_styles(st)}
    flow = [Paragraph(escape(table.title or table.name), st["h2"])]
    if not table.rows:
        flow.append(Paragraph("Aucune donnée pour la période.", st["normal"]))
        return flow
    widths = col_widths(table, width)
    data = [_header(table, widths, st)] + [_row(r, table, widths, st) for r in table.rows]
    if table.total is not None:
        data.append(_row(table.total, table, widths, st, bold=True))
    rl = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    rl.setStyle(_style(table, len(table.rows)))
    flow.append(rl)
    if table.note:
        flow.append(Paragraph(escape(table.note), st["note"]))
    if len(table.rows) <= SHORT_TABLE:  # title, table and note on one page, never split
        from reportlab.platypus import KeepTogether
        flow = [KeepTogether(flow)]
    flow.append(Spacer(1, 6))
    return flow


def cell_styles(st) -> dict:
    from reportlab.lib.colors import white
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    base = ParagraphStyle("cell", fontName=FONT, fontSize=CELL_SIZE, leading=CELL_SIZE + 2)
    th = ParagraphStyle("th", parent=base, fontName=FONT_BOLD, textColor=white)
    return {"cell": base, "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=FONT_BOLD),
            "th": th, "th_r": ParagraphStyle("th_r", parent=th, alignment=TA_RIGHT)}


def _previous_text(fig: KeyFigure) -> str:
    if fig.previous is None:
        return ""
    text = f"précédemment : {format_key_value(fig, fig.previous)}"
    if fig.value is not None and fig.previous:
        text += f" ({fmt_evol((fig.value - fig.previous) * 100 / fig.previous)})"
    return text


def key_figures_flowable(block: KeyFigures, width: float, st) -> list:
    """Cards, three per line: value, label, previous value and evolution."""
    from reportlab.lib.colors import HexColor, white
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer
    from reportlab.platypus import Table as RLTable
    value = ParagraphStyle("kv", fontName=FONT_BOLD, fontSize=17, leading=21, textColor=HexColor(BLUE))
    label = ParagraphStyle("kl", fontName=FONT, fontSize=8.5, leading=10.5)
    prev = ParagraphStyle("kp", fontName=FONT, fontSize=7.5, leading=9.5, textColor=HexColor("#666666"))
    cards = [[Paragraph(escape(format_key_value(f, f.value)), value), Paragraph(escape(f.label), label),
              Paragraph(escape(_previous_text(f)), prev)] for f in block.items]
    per_line = 3
    rows = [cards[i:i + per_line] for i in range(0, len(cards), per_line)]
    rows[-1] += [""] * (per_line - len(rows[-1]))
    table = RLTable(rows, colWidths=[width / per_line] * per_line, hAlign="LEFT")
    table.setStyle([("BACKGROUND", (0, 0), (-1, -1), HexColor("#eef2f7")),
                    ("LINEBEFORE", (0, 0), (-1, -1), 3, white), ("LINEAFTER", (0, 0), (-1, -1), 3, white),
                    ("LINEABOVE", (0, 0), (-1, -1), 4, white), ("LINEBELOW", (0, 0), (-1, -1), 4, white),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 7),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 7), ("LEFTPADDING", (0, 0), (-1, -1), 9)])
    return [table, Spacer(1, 8)]


__all__ = ["table_flowables", "key_figures_flowable", "format_value", "fmt_evol", "NNBSP"]
