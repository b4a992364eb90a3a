"""The FASTT referral sheet (« Point Conseils Intérimaire », ``004_…`` annex 5).

Fed only with a :class:`~milo_desktop.domain.fastt.FicheFastt` (the whitelist of what the FASTT
needs): nothing from the journal or the young person's situation can reach this PDF.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..domain.dates import format_date
from ..domain.fastt import FicheFastt, preference_libelle
from .pdfbase import FONT_BOLD, page_decorator, styles

TITLE = "Orientation vers le Point Conseils Intérimaire du FASTT"
LOGO_W, LOGO_H = 45, 20  # mm
BLUE = "#1f3b63"


def _esc(text: str | None) -> str:
    from xml.sax.saxutils import escape
    return escape(text or "")


def _phone(value: str | None) -> str:
    """Stored E.164 numbers shown the French way (``06 12 34 56 78``); anything else as typed."""
    from ..domain.jeunes import format_phone
    if value and value.startswith("+"):
        try:
            return format_phone(value)
        except Exception:  # noqa: BLE001 - unparsable: show it as stored
            return value
    return value or ""


def logo_cell(label: str, path: str | None):
    """The partner's logo scaled into its box, or its name in a frame when the file is missing."""
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image, Paragraph
    if path and Path(path).is_file():
        try:
            width, height = ImageReader(path).getSize()
            scale = min(LOGO_W * mm / width, LOGO_H * mm / height)
            return Image(path, width * scale, height * scale)
        except Exception:  # noqa: BLE001 - unreadable image: fall back to text
            pass
    from reportlab.lib.styles import ParagraphStyle
    style = ParagraphStyle("logo", parent=styles()["h2"], alignment=1, textColor=BLUE)
    return Paragraph(_esc(label), style)


def logo_band(logos: Sequence[tuple[str, str | None]]):
    """One row of partner logos (left, right), framed."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle
    cells = [logo_cell(label, path) for label, path in logos]
    table = Table([cells], colWidths=[170 * mm / max(1, len(cells))] * len(cells),
                  rowHeights=[LOGO_H * mm + 6])
    table.setStyle(TableStyle([
        ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(BLUE)),
    ]))
    return table


def _rows_table(rows: list[tuple[str, str]]):
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle
    st = styles()
    data = [[Paragraph(_esc(k), st["cellule"]), Paragraph(_esc(v) or "—", st["cellule"])] for k, v in rows]
    table = Table(data, colWidths=[55 * mm, 115 * mm])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (0, -1), FONT_BOLD), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef2f7")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#c8d1dc")),
    ]))
    return table


def _needs_table(fiche: FicheFastt):
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle
    st = styles()
    head = [Paragraph(f"<b>{h}</b>", st["cellule"]) for h in ("Domaine", "Besoin", "Précisions")]
    body = [[Paragraph(_esc(b.categorie), st["cellule"]), Paragraph(_esc(b.besoin), st["cellule"]),
             Paragraph(_esc(b.detail) or "—", st["cellule"])] for b in fiche.besoins]
    table = Table([head, *body], colWidths=[35 * mm, 55 * mm, 80 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#c8d1dc")),
    ]))
    return table


def _sections(fiche: FicheFastt) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        ("Le jeune", [("Nom", fiche.nom), ("Prénom", fiche.prenom),
                      ("Date de naissance", format_date(fiche.date_naissance)),
                      ("Commune", fiche.commune or "")]),
        ("Mission prévue", [("Agence d'emploi", fiche.agence or "Non encore connue"),
                            ("Début de mission prévu",
                             format_date(fiche.date_debut_mission) or "Non encore connu")]),
        ("Pour le contacter", [("Préférence de contact", preference_libelle(fiche.preference_contact)),
                               ("Téléphone", _phone(fiche.telephone)), ("E-mail", fiche.email or ""),
                               ("Disponibilités", fiche.disponibilites or "")]),
        ("Consentement du jeune", [
            ("Contact par le FASTT", f"Accord donné le {format_date(fiche.consentement_date)}"
                                     + (f", recueilli par {fiche.consentement_recueilli_par}"
                                        if fiche.consentement_recueilli_par else "")),
            ("Retour de la synthèse au conseiller",
             "Oui : synthèse et préconisations à transmettre par e-mail au conseiller"
             if fiche.retour_synthese else "Non : ne pas transmettre la synthèse")]),
        ("Conseiller Mission Locale prescripteur", [
            ("Conseiller", fiche.conseiller_nom), ("Mission Locale", fiche.mission_locale or ""),
            ("Téléphone", _phone(fiche.conseiller_telephone)), ("E-mail", fiche.conseiller_email or "")]),
    ]


def _story(fiche: FicheFastt, logos: Sequence[tuple[str, str | None]]) -> list:
    from reportlab.platypus import Paragraph, Spacer
    st = styles()
    story = [logo_band(logos), Spacer(1, 8),
             Paragraph(TITLE, st["h1"]),
             Paragraph("Démarche Mission Jeunes — diagnostic personnalisé avant les premières missions "
                       "d'intérim", st["petit"]), Spacer(1, 6)]
    if fiche.urgence_sos:
        story.append(Paragraph('<font color="#b00020"><b>URGENT — logique SOS : réponse attendue '
                               'sous 48 heures.</b></font>', st["h2"]))
    sections = _sections(fiche)
    for title, rows in sections[:2]:
        story += [Paragraph(title, st["h2"]), _rows_table(rows)]
    story += [Paragraph("Besoins repérés", st["h2"]), _needs_table(fiche)]
    for title, rows in sections[2:]:
        story += [Paragraph(title, st["h2"]), _rows_table(rows)]
    story += [Spacer(1, 10), Paragraph(
        "Document confidentiel : il contient des données personnelles transmises avec l'accord du "
        "jeune, à n'utiliser que pour le Point Conseils Intérimaire (article 5 de l'accord-cadre "
        "Mission Jeunes).", st["petit"])]
    return story


def build_fiche_pdf(fiche: FicheFastt, logos: Sequence[tuple[str, str | None]],
                    edition: date | None = None) -> bytes:
    """The one-page referral sheet. ``logos``: ``(partner name, image path or None)`` pairs."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=15 * mm, bottomMargin=18 * mm, title=TITLE,
                            author=fiche.mission_locale or "Mission Locale",
                            subject=f"{fiche.prenom} {fiche.nom}")
    deco = page_decorator(f"Orientation FASTT — {fiche.prenom} {fiche.nom}", edition)
    doc.build(_story(fiche, logos), onFirstPage=deco, onLaterPages=deco)
    return buf.getvalue()
