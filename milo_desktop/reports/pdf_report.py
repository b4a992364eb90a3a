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
from .pdf_annex import Live, annex_flowable, annex_note
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


# A heading kept with a table longer than a page starts it where it is when this much room
# is left, instead of leaving the page (near-)empty.
MIN_ROOM = 70 * MM
SECTION_ROOM = 135 * MM  # a section starts a new page when less than this (or itself) is left


def _keep_with_next_class():
    from reportlab.platypus import FrameBreak, KeepTogether

    class KeepWithNext(KeepTogether):
        """Headings with what follows (keep-with-next): on the next page, unless what follows
        is a long table and MIN_ROOM is left here (the page is not left near-empty)."""

        def split(self, aW, aH):  # noqa: N803 - ReportLab API
            if getattr(self, "_wrapInfo", None) != (aW, aH):
                self.wrap(aW, aH)
            if self._H <= aH:
                return self._content[:]
            # What the headings lead to: a long table splits (its first rows stay with them);
            # a chart or a short table (a KeepTogether) moves whole, and the headings with it.
            splits = not isinstance(self._content[-1], KeepTogether)
            if splits and aH >= MIN_ROOM:
                return self._content[:]
            return [FrameBreak(), *self._content]
    return KeepWithNext


def _doc_class():
    from reportlab.platypus import BaseDocTemplate

    class ReportDoc(BaseDocTemplate):
        """Adds contents entries and PDF bookmarks for h1 titles; checks cancel as it goes."""

        progress = None
        cancel = None
        total = 1
        passes = 0

        fills = None  # a list: how full each page's frame is (0-1), for layout tests

        def beforeDocument(self):  # noqa: N802 - ReportLab hook
            self.passes += 1
            self._seen = 0
            if self.fills is not None:
                del self.fills[:]

        def handle_pageEnd(self):  # noqa: N802 - ReportLab hook
            if self.fills is not None:
                f = self.frame
                self.fills.append(round((f._y2 - f._y) / max(f._y2 - f._y1, 1), 3))
            super().handle_pageEnd()

        def afterFlowable(self, flowable):  # noqa: N802 - ReportLab hook
            self._seen += 1
            if self.cancel is not None and self.cancel():
                raise Cancelled("Génération annulée.")
            if self.progress is not None and self._seen % 20 == 0:
                done = min(99, (self.passes - 1) * 50 + min(50, 50 * self._seen // self.total))
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


def _block(block, width: float, st, live: Live | None = None) -> list:
    from reportlab.platypus import Paragraph
    if isinstance(block, Text):
        return [Paragraph(escape(block.text), st.get(block.style, st["normal"]))]
    if isinstance(block, KeyFigures):
        return key_figures_flowable(block, width, st)
    if isinstance(block, Table) and block.annex and block.rows:
        return _annex(block, width, st, live)
    if isinstance(block, Table):
        return table_flowables(block, width, st)
    if isinstance(block, Figure):
        return _figure(block, width, st)
    raise TypeError(type(block))


def _annex(table: Table, width: float, st, live: Live | None) -> list:
    """A row-level list: fixed-geometry pages when annexes are asked for, else a note saying
    where the rows are (the workbook)."""
    from reportlab.platypus import Paragraph, Spacer
    title = Paragraph(escape(table.title or table.name), st["h2"])
    if live is None:
        return [title, Paragraph(escape(annex_note(table)), st["normal"])]
    flow = [title, annex_flowable(table, width, live)]
    if table.note:
        flow.append(Paragraph(escape(table.note), st["note"]))
    return flow + [Spacer(1, 6)]


def story(report: Report, width: float, live: Live | None = None) -> list:
    """The flowables of the report; ``live`` given: row-level annexes are printed (drawn only
    while ``live.on``)."""
    from reportlab.platypus import CondPageBreak, NextPageTemplate, PageBreak, Paragraph, Spacer
    st = _styles()
    flow: list = [NextPageTemplate("body"), PageBreak(),
                  Paragraph("Sommaire", st["toc_title"]), _contents(st), Spacer(1, 10)]
    if report.empty:
        flow.append(Paragraph("Aucune donnée n'est enregistrée pour cette période : voir la page suivante.",
                              st["petit"]))
    for n, section in enumerate(report.sections):
        # A section starts a page, unless the previous one left more than SECTION_ROOM free or
        # room for the whole section.
        title = Paragraph(escape(section.title), st["h1"])
        body = [f for block in section.blocks for f in _block(block, width, st, live)]
        flow += [PageBreak() if n == 0 else _section_break([title, *body]), title, *body]
    return flow


def _section_break(content: list):
    from reportlab.platypus import CondPageBreak
    from reportlab.platypus.flowables import _listWrapOn

    class SectionBreak(CondPageBreak):
        """A new page when less than SECTION_ROOM is left, unless the whole section fits."""

        def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab API
            if availHeight >= SECTION_ROOM:
                return 0, 0
            self.height = min(SECTION_ROOM, _listWrapOn(content, availWidth, self.canv)[1])
            return super().wrap(availWidth, availHeight)
    return SectionBreak(SECTION_ROOM)


def _document(report: Report, buf, progress, cancel):
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Frame, PageTemplate
    doc = _doc_class()(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=20 * MM,
                       bottomMargin=18 * MM, title=report.title, author=report.identity.nom,
                       subject=f"{report.title} — {report.period.label}", creator="MILO Desktop",
                       keepTogetherClass=_keep_with_next_class())
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="main")
    cover = PageTemplate("cover", [Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="cover")],
                         onPage=lambda c, d: draw_cover(c, report, report.identity.logo_path))
    doc.addPageTemplates([cover, PageTemplate("body", [frame])])
    doc.progress, doc.cancel = progress, cancel
    return doc


def build_pdf(report: Report, progress=None, cancel=None, annexes: bool = False,
              fills: list | None = None) -> bytes:
    """The report as PDF bytes. The contents need the page numbers: ``multiBuild`` lays the
    document out until they are stable. With ``annexes``, row-level lists are printed as
    fixed-geometry pages: they take their pages but draw nothing during those passes, then one
    more single pass (contents already known) draws everything — a long table is never laid
    out twice. ``fills`` (a list) receives how full each page is."""
    from reportlab.platypus.tableofcontents import TableOfContents
    register_fonts()
    live = Live(False) if annexes and any(t.annex and t.rows for t in report.tables()) else None
    buf = io.BytesIO()
    doc = _document(report, buf, _scaled(progress, 0, 50) if live else progress, cancel)
    flow = story(report, doc.width, live)
    doc.total, doc.fills = max(len(flow), 1), fills
    doc.multiBuild(flow, canvasmaker=_canvas_maker(report))
    if live is None:
        return buf.getvalue()
    entries = next(f for f in flow if isinstance(f, TableOfContents))._lastEntries
    live.on = True
    buf = io.BytesIO()
    final = _document(report, buf, _scaled(progress, 50, 100), cancel)
    flow = story(report, final.width, live)
    next(f for f in flow if isinstance(f, TableOfContents))._lastEntries = list(entries)
    final.total, final.fills = max(len(flow), 1), fills
    final.build(flow, canvasmaker=_canvas_maker(report))
    return buf.getvalue()


def _scaled(progress, lo: int, hi: int):
    if progress is None:
        return None
    return lambda done, total, message="": progress(lo + (hi - lo) * done // max(total, 1), 100, message)
