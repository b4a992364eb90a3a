"""A :class:`~.model.Report` as an A4 PDF: cover, contents, sections with tables (fixed column
widths, headers repeated when a table splits) and charts, running header, "page N sur M" and
edition date. French number formatting with the embedded DejaVu font."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from ..domain.dates import format_date
from ..exchange.writing import Cancelled
from .charts import drawing, hbar_height
from .model import Figure, KeyFigures, Report, Table, Text
from .pdf_cover import BLUE, MM, draw_cover
from .pdf_tables import key_figures_flowable, table_flowables
from .pdfbase import FONT, FONT_BOLD, register_fonts, styles

MARGIN = 18 * MM


def _styles():
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle
    st = dict(styles())
    st["normal"] = ParagraphStyle("texte", parent=st["normal"], spaceAfter=6)
    st["h1"] = ParagraphStyle("h1", parent=st["h1"], fontSize=15, leading=19, spaceBefore=18,
                              spaceAfter=8, keepWithNext=1)
    st["h2"] = ParagraphStyle("h2", parent=st["h2"], textColor=HexColor(BLUE), keepWithNext=1,
                              spaceBefore=10, spaceAfter=4)
    st["toc_title"] = ParagraphStyle("toc_title", parent=st["h1"])
    st["toc0"] = ParagraphStyle("toc0", parent=st["normal"], fontSize=10.5, leading=17,
                                leftIndent=0, firstLineIndent=0)
    st["note"] = ParagraphStyle("note", parent=st["petit"], spaceBefore=2, spaceAfter=6)
    return st


def _doc_class():
    from reportlab.platypus import BaseDocTemplate

    class ReportDoc(BaseDocTemplate):
        """Adds contents entries and PDF bookmarks for h1 titles; checks cancel as it goes."""

        progress = None
        cancel = None
        total = 1
        passes = 0

        def beforeDocument(self):  # noqa: N802 - ReportLab hook
            self.passes += 1
            self._seen = 0

        def afterFlowable(self, flowable):  # noqa: N802 - ReportLab hook
            self._seen += 1
            if self.cancel is not None and self.cancel():
                raise Cancelled("Génération annulée.")
            if self.progress is not None and self._seen % 20 == 0:
                done = min(99, (self.passes - 1) * 50 + 50 * self._seen // self.total)
                self.progress(done, 100, "Mise en page du PDF…")
            name = getattr(getattr(flowable, "style", None), "name", None)
            if name == "h1":
                text = flowable.getPlainText()
                key = f"s{self._seen}"
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(text, key, level=0)
                self.notify("TOCEntry", (0, text, self.page, key))
    return ReportDoc


def _canvas_maker(report: Report):
    """A canvas that knows the page count: footer "page N sur M", header after the cover."""
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas
    left_text = f"{report.identity.nom} — {report.title}"
    edition = f"Édité le {format_date(report.edition)}"
    scope = f"{report.period.label.capitalize()} — {report.scope_label}"

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 - ReportLab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if self._pageNumber > 1:
                    self._frame(total)
                super().showPage()
            super().save()

        def _frame(self, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFillColor(HexColor("#555555"))
            self.setFont(FONT, 7.5)
            room = width - 2 * MARGIN - self.stringWidth(scope, FONT, 7.5) - 6 * MM
            self.drawString(MARGIN, height - 11 * MM, _fit(left_text, room))
            self.drawRightString(width - MARGIN, height - 11 * MM, scope)
            self.setStrokeColor(HexColor(BLUE))
            self.setLineWidth(0.6)
            self.line(MARGIN, height - 12.5 * MM, width - MARGIN, height - 12.5 * MM)
            self.drawString(MARGIN, 10 * MM, edition)
            self.setFont(FONT_BOLD, 7.5)
            self.drawRightString(width - MARGIN, 10 * MM, f"page {self._pageNumber} sur {total}")
            self.restoreState()
    return NumberedCanvas


def _fit(text: str, room: float, size: float = 7.5) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    while text and stringWidth(text, FONT, size) > room:
        text = text[:-2].rstrip() + "…" if len(text) > 2 else ""
    return text


def _contents(st):
    from reportlab.platypus.tableofcontents import TableOfContents
    toc = TableOfContents()
    toc.levelStyles = [st["toc0"]]
    toc.dotsMinLevel = 0
    return toc


def _figure(fig: Figure, width: float, st) -> list:
    from reportlab.platypus import KeepTogether, Paragraph, Spacer
    height = hbar_height(fig) if fig.kind == "hbar" else 190
    flow = [Paragraph(escape(fig.title), st["h2"]), drawing(fig, width, height)]
    if fig.note:
        flow.append(Paragraph(escape(fig.note), st["note"]))
    return [KeepTogether(flow), Spacer(1, 4)]


def _block(block, width: float, st) -> list:
    from reportlab.platypus import Paragraph
    if isinstance(block, Text):
        return [Paragraph(escape(block.text), st.get(block.style, st["normal"]))]
    if isinstance(block, KeyFigures):
        return key_figures_flowable(block, width, st)
    if isinstance(block, Table):
        return table_flowables(block, width, st)
    if isinstance(block, Figure):
        return _figure(block, width, st)
    raise TypeError(type(block))


def story(report: Report, width: float) -> list:
    from reportlab.platypus import CondPageBreak, NextPageTemplate, PageBreak, Paragraph, Spacer
    st = _styles()
    flow: list = [NextPageTemplate("body"), PageBreak(),
                  Paragraph("Sommaire", st["toc_title"]), _contents(st), Spacer(1, 10)]
    if report.empty:
        flow.append(Paragraph("Aucune donnée n'est enregistrée pour cette période : voir la page suivante.",
                              st["petit"]))
    for n, section in enumerate(report.sections):
        # A section starts a page, unless the previous one left more than half a page free.
        flow += [PageBreak() if n == 0 else CondPageBreak(135 * MM), Paragraph(escape(section.title), st["h1"])]
        for block in section.blocks:
            flow += _block(block, width, st)
    return flow


def build_pdf(report: Report, progress=None, cancel=None) -> bytes:
    """The report as PDF bytes (two layout passes: the contents need the page numbers)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Frame, PageTemplate
    register_fonts()
    buf = io.BytesIO()
    doc = _doc_class()(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=20 * MM,
                       bottomMargin=18 * MM, title=report.title, author=report.identity.nom,
                       subject=f"{report.title} — {report.period.label}", creator="MILO Desktop")
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="main")
    cover = PageTemplate("cover", [Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="cover")],
                         onPage=lambda c, d: draw_cover(c, report, report.identity.logo_path))
    doc.addPageTemplates([cover, PageTemplate("body", [frame])])
    flow = story(report, doc.width)
    doc.progress, doc.cancel, doc.total = progress, cancel, max(len(flow), 1)
    doc.multiBuild(flow, canvasmaker=_canvas_maker(report))
    return buf.getvalue()
