"""ReportLab foundations: embedded DejaVu fonts (French typography renders), styles, page frame."""

from __future__ import annotations

import io
from datetime import date
from functools import lru_cache

from ..domain.dates import format_date
from ..domain.text import french_int
from ..paths import resources_dir

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Embed DejaVu Sans (it has U+202F, the narrow no-break space of French numbers)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    folder = resources_dir() / "fonts"
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf"),
                       (FONT_ITALIC, "DejaVuSans-Oblique.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD)
    return FONT


@lru_cache(maxsize=1)
def styles():
    """Paragraph styles keyed by name: titre, h1, h2, normal, petit, cellule, cellule_droite."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    register_fonts()
    base = ParagraphStyle("normal", fontName=FONT, fontSize=9.5, leading=12.5)
    return {
        "normal": base,
        "titre": ParagraphStyle("titre", parent=base, fontName=FONT_BOLD, fontSize=20, leading=25,
                                textColor=colors.HexColor("#1f3b63"), spaceAfter=10),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=14, leading=18,
                             textColor=colors.HexColor("#1f3b63"), spaceBefore=10, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=11, leading=14,
                             spaceBefore=8, spaceAfter=4),
        "petit": ParagraphStyle("petit", parent=base, fontSize=8, leading=10,
                                textColor=colors.HexColor("#555555")),
        "cellule": ParagraphStyle("cellule", parent=base, fontSize=8.5, leading=10.5),
        "cellule_droite": ParagraphStyle("cellule_droite", parent=base, fontSize=8.5, leading=10.5,
                                         alignment=TA_RIGHT),
    }


NNBSP = "\u202f"


def fmt_int(value: int | None) -> str:
    """``12 345`` with a narrow no-break space, as French typography writes it."""
    if value is None:
        return "–"
    return french_int(value)


def fmt_pct(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}".replace(",", NNBSP).replace(".", ",") + f"{NNBSP}%"


def fmt_dec(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}".replace(",", NNBSP).replace(".", ",")


def page_decorator(title: str, edition: date | None = None):
    """onPage callback: running title, edition date and 'page N' in the footer."""
    edition_text = f"Édité le {format_date(edition or date.today())}"

    def draw(canvas, doc) -> None:
        from reportlab.lib import colors
        canvas.saveState()
        width, height = doc.pagesize
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(doc.leftMargin, 12 * 2.8346, title)
        canvas.drawRightString(width - doc.rightMargin, 12 * 2.8346,
                               f"{edition_text} — page {canvas.getPageNumber()}")
        canvas.restoreState()
    return draw


def tiny_pdf(title: str) -> bytes:
    """A one-page PDF with French text: used by --self-check to prove ReportLab and fonts work."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    st = styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title=title)
    doc.build([Paragraph(title, st["titre"]),
               Paragraph(f"Effectif : {fmt_int(12345)} jeunes — « Œuvre » — {fmt_pct(21.55)}", st["normal"])],
              onFirstPage=page_decorator(title))
    return buf.getvalue()
