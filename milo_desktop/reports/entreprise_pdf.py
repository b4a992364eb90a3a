"""The employer's printable sheet: identity, contacts, offers and mises en relation.

Fed with plain data (``services.entreprises.EntrepriseSheet``); tables have fixed column widths.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from ..domain.dates import format_date
from .pdfbase import fmt_int, page_decorator, styles

GRID = "#b8c4d6"
HEAD_BG = "#e6ecf5"


def _p(text, style: str = "cellule"):
    from reportlab.platypus import Paragraph
    return Paragraph(escape(str(text)) if text not in (None, "") else "–", styles()[style])


def _table(headers: list[str] | None, rows: list[list], widths_mm: list[float]):
    """A grid with fixed widths; without headers the first column is shaded (label / value)."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle
    data = ([[_p(h) for h in headers]] if headers else []) + [[_p(v) for v in row] for row in rows]
    shaded = (0, 0), (-1, 0) if headers else (0, -1)
    table = Table(data, colWidths=[w * mm for w in widths_mm], repeatRows=1 if headers else 0)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor(GRID)),
        ("BACKGROUND", shaded[0], shaded[1], colors.HexColor(HEAD_BG)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _identity(ent) -> list:
    f = ent.fields
    rows = [
        ("SIRET", ent.siret_affiche), ("Code NAF", f.naf), ("Effectif", ent.effectif_label),
        ("Adresse", ent.adresse_complete), ("Réseau", ent.reseau_label),
    ]
    return [_table(None, [list(r) for r in rows], [35, 135])]


def _contacts(ent) -> list:
    st = styles()
    from reportlab.platypus import Paragraph
    out = [Paragraph("Contacts", st["h1"])]
    if not ent.contacts:
        return out + [Paragraph("Aucun contact enregistré.", st["normal"])]
    rows = [[c.fields.nom, c.fields.fonction, c.telephone_affiche, c.fields.email] for c in ent.contacts]
    return out + [_table(["Nom", "Fonction", "Téléphone", "E-mail"], rows, [45, 40, 35, 50])]


def _offres(offres) -> list:
    st = styles()
    from reportlab.platypus import Paragraph
    out = [Paragraph(f"Offres ({fmt_int(len(offres))})", st["h1"])]
    if not offres:
        return out + [Paragraph("Aucune offre recueillie auprès de cet employeur.", st["normal"])]
    rows = [[format_date(o.date_recueil), o.intitule, o.code_rome, f"{o.type_contrat} / {o.nature_contrat}",
             "oui" if o.mrs else "non", o.statut_label, o.numero_ft, fmt_int(o.nb_mer)] for o in offres]
    return out + [_table(["Recueillie le", "Intitulé", "ROME", "Contrat", "MRS", "Statut",
                          "N° FT", "MER"], rows, [21, 44, 15, 19, 11, 29, 19, 12])]


def _mer(mer) -> list:
    st = styles()
    from reportlab.platypus import Paragraph
    out = [Paragraph(f"Mises en relation ({fmt_int(len(mer))})", st["h1"])]
    if not mer:
        return out + [Paragraph("Aucun jeune proposé sur les offres de cet employeur.", st["normal"])]
    retained = sum(1 for m in mer if m.resultat == "retenu")
    rows = [[format_date(m.date), m.jeune, m.intitule, m.resultat_text, m.conseiller] for m in mer]
    return out + [Paragraph(f"Dont {fmt_int(retained)} mise(s) en relation positive(s) (MER+).", st["petit"]),
                  _table(["Date", "Jeune", "Offre", "Résultat", "Conseiller"], rows, [21, 33, 44, 45, 27])]


def build_entreprise_pdf(path: Path, sheet, organisation: str | None, edition: date) -> Path:
    """Write the sheet to ``path`` (through a temporary file) and return the path."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    st = styles()
    ent = sheet.entreprise
    title = f"Fiche entreprise — {ent.raison_sociale}"
    story = [Paragraph(escape(ent.raison_sociale), st["titre"])]
    if organisation:
        story.append(Paragraph(escape(f"Fiche entreprise de la {organisation}"), st["petit"]))
    story += [Spacer(1, 4 * mm)] + _identity(ent)
    if ent.fields.notes:
        story += [Paragraph("Notes", st["h1"]), Paragraph(escape(ent.fields.notes).replace("\n", "<br/>"), st["normal"])]
    story += _contacts(ent) + _offres(sheet.offres) + _mer(sheet.mises_en_relation)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    doc = SimpleDocTemplate(str(tmp), pagesize=A4, title=title, leftMargin=18 * mm,
                            rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=18 * mm)
    deco = page_decorator(title, edition)
    doc.build(story, onFirstPage=deco, onLaterPages=deco)
    os.replace(tmp, path)
    return path
