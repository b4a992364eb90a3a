"""The cover page of a report, drawn on the canvas: identity of the Mission Locale, title,
period, scope, edition date and the partners' logos (a missing logo file prints its label)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from ..domain.dates import format_date_long
from .model import Logo, Report
from .pdfbase import FONT, FONT_BOLD

BLUE, ORANGE, GREY = "#1f3b63", "#e8833a", "#555555"
MM = 2.8346


def _para(canvas, text: str, x: float, y: float, width: float, size: float, bold: bool = False,
          color: str = BLUE, leading: float | None = None) -> float:
    """Draw a paragraph whose top is at ``y``; returns the y below it."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph
    style = ParagraphStyle("c", fontName=FONT_BOLD if bold else FONT, fontSize=size,
                           leading=leading or size * 1.25, textColor=HexColor(color))
    p = Paragraph(text, style)
    _, h = p.wrapOn(canvas, width, 1000)
    p.drawOn(canvas, x, y - h)
    return y - h


def usable_image(path: str | None) -> str | None:
    """The logo file when it exists and is an image ReportLab can read, else None."""
    if not path or not Path(path).is_file():
        return None
    try:
        from reportlab.lib.utils import ImageReader
        ImageReader(path).getSize()
    except Exception:  # noqa: BLE001 - unreadable or not an image: print the label instead
        return None
    return path


def draw_logo(canvas, logo: Logo, x: float, y: float, w: float, h: float) -> None:
    """The logo image fitted in the box, or its label in a framed box."""
    from reportlab.lib.colors import HexColor
    path = usable_image(logo.path)
    if path:
        canvas.drawImage(path, x, y, w, h, preserveAspectRatio=True, anchor="c", mask="auto")
        return
    canvas.setStrokeColor(HexColor("#c5cdd8"))
    canvas.setFillColor(HexColor("#f5f7fa"))
    canvas.roundRect(x, y, w, h, 4, stroke=1, fill=1)
    _para_centered(canvas, logo.label, x + 4, y, w - 8, h)


def _para_centered(canvas, text: str, x: float, y: float, w: float, h: float) -> None:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph
    style = ParagraphStyle("l", fontName=FONT_BOLD, fontSize=9, leading=11, alignment=TA_CENTER,
                           textColor=HexColor(BLUE))
    p = Paragraph(escape(text), style)
    _, ph = p.wrapOn(canvas, w, h)
    p.drawOn(canvas, x, y + (h - ph) / 2)


def draw_cover(canvas, report: Report, own_logo: str | None = None) -> None:
    from reportlab.lib.colors import HexColor
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColor(HexColor(BLUE))
    canvas.rect(0, 0, 14 * MM, height, stroke=0, fill=1)
    canvas.setFillColor(HexColor(ORANGE))
    canvas.rect(14 * MM, 0, 2 * MM, height, stroke=0, fill=1)
    left, text_w = 30 * MM, width - 48 * MM
    top = height - 28 * MM
    logo = usable_image(own_logo)
    if logo:
        canvas.drawImage(logo, left, top - 22 * MM, 60 * MM, 22 * MM, preserveAspectRatio=True,
                         anchor="w", mask="auto")
        y = top - 28 * MM
    else:
        y = _para(canvas, escape(report.identity.nom), left, top, text_w, 16, bold=True)
    for line in report.identity.adresse_lignes:
        y = _para(canvas, escape(line), left, y - 2, text_w, 9.5, color=GREY)
    y = height * 0.62
    y = _para(canvas, escape(report.title), left, y, text_w, 28, bold=True, leading=33)
    y = _para(canvas, escape(report.subtitle), left, y - 8, text_w, 13, color=GREY)
    canvas.setStrokeColor(HexColor(ORANGE))
    canvas.setLineWidth(2)
    canvas.line(left, y - 14, left + 40 * MM, y - 14)
    y = _para(canvas, escape(report.period.label.capitalize()), left, y - 26, text_w, 18, bold=True)
    y = _para(canvas, escape(report.scope_label), left, y - 6, text_w, 12)
    y = _para(canvas, escape(f"Comparaison avec : {report.previous.label}"), left, y - 4, text_w, 10, color=GREY)
    _para(canvas, escape(f"Édité le {format_date_long(report.edition)}"), left, 62 * MM, text_w, 10, color=GREY)
    _draw_partners(canvas, report.logos, left, text_w)
    canvas.restoreState()


def _draw_partners(canvas, logos: list[Logo], left: float, width: float) -> None:
    if not logos:
        return
    _para(canvas, "En partenariat avec", left, 48 * MM, width, 8.5, color=GREY)
    gap, box_h = 6 * MM, 22 * MM
    box_w = min(50 * MM, (width - gap * (len(logos) - 1)) / len(logos))
    for i, logo in enumerate(logos):
        draw_logo(canvas, logo, left + i * (box_w + gap), 20 * MM, box_w, box_h)
