"""The distribution table of the cotraitance envelope, as the annex of the regional agreement
presents it (« Critère de répartition de l'enveloppe cotraitance »), with the whole objectives
and this Mission Locale's line highlighted. Fed with plain domain data only."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from ..domain.objectifs import Repartition, arrondi
from .pdfbase import FONT, FONT_BOLD, NNBSP, fmt_int, page_decorator, styles

TITLE = "Critère de répartition de l'enveloppe cotraitance"
BLUE = "#1f3b63"
HEAD_BG = "#dfe6ef"
HIGHLIGHT = "#fff2b3"
GRID = "#8a9bb0"


@dataclass(frozen=True)
class AnnexeData:
    annee: int
    repartition: Repartition
    est_nous_index: int | None
    organisation: str = ""
    edition: date | None = None


def pct(value: Decimal) -> str:
    """``5,47 %`` (two decimals, half up, narrow no-break space)."""
    return f"{arrondi(value):.2f}".replace(".", ",") + f"{NNBSP}%"


def _p(text: str, style: str = "cellule", bold: bool = False):
    from reportlab.platypus import Paragraph
    return Paragraph(f"<b>{escape(text)}</b>" if bold else escape(text), styles()[style])


def _header(annee: int) -> list[list]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph
    centre = ParagraphStyle("entete", parent=styles()["cellule"], fontName=FONT_BOLD, alignment=TA_CENTER)

    def h(text: str):
        return Paragraph(text, centre)
    return [
        [h("Mission Locale"), h("DEFM"), "", h(f"Clé {annee}<br/>activité / résultat"),
         h("Clé de répartition cotraitance<br/>(% DEFM + clé activité-résultat) / 2"),
         h(f"Objectif {annee}<br/>(jeunes)")],
        ["", h(f"Total jeunes<br/>fin déc. {annee - 1}"), h("%"), "", "", ""],
    ]


def _body(rep: Repartition, nous: int | None) -> list[list]:
    return [[_p(l.mission_locale, bold=i == nous), fmt_int(l.defm), pct(l.part_defm),
             pct(l.cle_activite), pct(l.cle_repartition), fmt_int(l.objectif)]
            for i, l in enumerate(rep.lignes)]


def _total(rep: Repartition) -> list:
    keys = sum((l.cle_repartition for l in rep.lignes), Decimal(0))
    return [_p("TOTAL", bold=True), fmt_int(rep.total_defm), pct(Decimal(100)),
            pct(rep.somme_cle_activite), pct(keys), fmt_int(sum(l.objectif for l in rep.lignes))]


def _table(data: AnnexeData):
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle
    rep = data.repartition
    rows = [*_header(data.annee), *_body(rep, data.est_nous_index), _total(rep)]
    widths = [78 * mm, 32 * mm, 22 * mm, 34 * mm, 58 * mm, 30 * mm]
    table = Table(rows, colWidths=widths, repeatRows=2)
    last = len(rows) - 1
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("SPAN", (1, 0), (2, 0)), ("SPAN", (0, 0), (0, 1)), ("SPAN", (3, 0), (3, 1)),
        ("SPAN", (4, 0), (4, 1)), ("SPAN", (5, 0), (5, 1)),
        ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor(HEAD_BG)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 2), (-1, -1), "RIGHT"),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(GRID)),
        ("LINEABOVE", (0, last), (-1, last), 1.2, colors.HexColor(BLUE)),
        ("FONTNAME", (1, last), (-1, last), FONT_BOLD),
        ("BACKGROUND", (0, last), (-1, last), colors.HexColor("#eef2f7")),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if data.est_nous_index is not None:
        row = 2 + data.est_nous_index
        style += [("BACKGROUND", (0, row), (-1, row), colors.HexColor(HIGHLIGHT)),
                  ("FONTNAME", (1, row), (-1, row), FONT_BOLD),
                  ("BOX", (0, row), (-1, row), 1.4, colors.HexColor(BLUE))]
    table.setStyle(TableStyle(style))
    return table


def _notes(data: AnnexeData) -> list:
    rep = data.repartition
    notes = [
        f"Objectif régional {data.annee} : {fmt_int(rep.total)} entrées en cotraitance, réparties "
        "en nombres entiers par la méthode des plus forts restes (chaque Mission Locale reçoit la "
        "partie entière de son quota, les unités restantes vont aux plus grandes parties "
        "décimales) : la somme des objectifs est exactement l'objectif régional.",
        "Les pourcentages imprimés sont ceux du calcul exact (sans arrondi intermédiaire), "
        "arrondis à deux décimales : une clé de répartition n'est pas la demi-somme des deux "
        "valeurs arrondies imprimées à côté, et la somme des valeurs imprimées peut différer du "
        "total d'un ou deux centièmes.",
    ]
    if data.est_nous_index is not None:
        nous = rep.lignes[data.est_nous_index]
        notes.insert(0, f"Ligne surlignée : {nous.mission_locale} — objectif {data.annee} : "
                        f"{fmt_int(nous.objectif)} jeunes (clé {pct(nous.cle_repartition)}).")
    if rep.avertissement:
        notes.append(f"Attention : {rep.avertissement}")
    return [_p(n, "petit") for n in notes]


def build_pdf(data: AnnexeData) -> bytes:
    """The annex table on one A4 landscape page (more pages if there are many lines)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    st = styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), title=f"{TITLE} — {data.annee}",
                            leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                            bottomMargin=16 * mm)
    story = [Paragraph(escape(f"{TITLE} — {data.annee}"), st["h1"]),
             Paragraph("Prise en compte à part égale du poids DEFM jeunes à fin décembre et de la "
                       "clé activité / résultat des Missions Locales", st["normal"]),
             Spacer(1, 6), _table(data), Spacer(1, 6), *_notes(data)]
    footer = f"{TITLE} {data.annee}" + (f" — {data.organisation}" if data.organisation else "")
    deco = page_decorator(footer, data.edition)
    doc.build(story, onFirstPage=deco, onLaterPages=deco)
    return buf.getvalue()


__all__ = ["AnnexeData", "TITLE", "build_pdf"]
