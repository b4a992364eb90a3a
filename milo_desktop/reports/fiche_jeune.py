"""The printable fiche jeune: one A4 page (identity, référent, cotraitance, last events, next steps).

Fed with a plain :class:`FicheJeune`; the service decides what goes in. The page holds at most
``MAX_EVENTS`` events and ``MAX_STEPS`` next steps, and long notes are shortened, so the fiche
always fits on one page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from ..domain.dates import format_date
from .pdfbase import page_decorator, styles

MAX_EVENTS = 10
MAX_STEPS = 6
NOTE_CHARS = 90
MM = 2.8346


@dataclass(frozen=True)
class FicheEvenement:
    date: date
    type: str
    modalite: str = ""
    statut: str = ""
    conseiller: str = ""
    note: str = ""


@dataclass(frozen=True)
class FicheJeune:
    """Everything printed, already in words (libellés), dates as ``date``."""

    organisation: str
    nom: str
    prenom: str
    date_naissance: date
    age: int
    edition: date
    nom_usage: str = ""
    sexe: str = ""
    adresse: str = ""
    telephone: str = ""
    email: str = ""
    identifiant_ft: str = ""
    numero_imilo: str = ""
    date_inscription_ft: date | None = None
    niveau_formation: str = ""
    hebergement: str = ""
    reperes: tuple[str, ...] = ()
    referent: str = ""
    site: str = ""
    programmes: tuple[str, ...] = ()
    archive: bool = False
    cotraitance: tuple[tuple[str, str], ...] = ()  # (libellé, valeur) lines
    date_fin_prevue: date | None = None
    motif_fin_prevue: str = ""
    date_premier_accueil: date | None = None
    evenements: tuple[FicheEvenement, ...] = ()
    prochaines_etapes: tuple[str, ...] = field(default_factory=tuple)


def _esc(text: str | None) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _short(text: str, limit: int = NOTE_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _pairs_table(left, right, widths):
    """Two label/value columns side by side (label in grey, value in black)."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle
    st = styles()

    def cells(pairs):
        return [[Paragraph(_esc(k), st["petit"]), Paragraph(_esc(v) or "–", st["cellule"])] for k, v in pairs]
    a, b = cells(left), cells(right)
    height = max(len(a), len(b))
    rows = [x + y for x, y in zip(a + [["", ""]] * (height - len(a)), b + [["", ""]] * (height - len(b)))]
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                               ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#e3e8ef"))]))
    return table


def _identity(d: FicheJeune) -> list[tuple[str, str]]:
    pairs = [("Nom", d.nom), ("Nom d'usage", d.nom_usage), ("Prénom(s)", d.prenom), ("Sexe", d.sexe),
             ("Date de naissance", f"{format_date(d.date_naissance)} ({d.age} ans)"),
             ("Adresse", d.adresse), ("Téléphone", d.telephone), ("E-mail", d.email),
             ("Identifiant France Travail", d.identifiant_ft),
             ("Inscrit(e) à France Travail le", format_date(d.date_inscription_ft)),
             ("Numéro I-MILO", d.numero_imilo), ("Niveau de formation", d.niveau_formation),
             ("Hébergement", d.hebergement), ("Repères", ", ".join(d.reperes))]
    return pairs


def _halves(pairs: list) -> tuple[list, list]:
    half = (len(pairs) + 1) // 2
    return pairs[:half], pairs[half:]


def _suivi(d: FicheJeune) -> list[tuple[str, str]]:
    fin = format_date(d.date_fin_prevue)
    if fin and d.motif_fin_prevue:
        fin += f" ({d.motif_fin_prevue})"
    return [("Référent", d.referent), ("Site", d.site), ("Premier accueil", format_date(d.date_premier_accueil)),
            ("Programmes", ", ".join(d.programmes)), ("Date de fin prévue", fin)]


def _events_table(events):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle
    st = styles()
    head = [Paragraph(f"<b>{h}</b>", st["cellule"]) for h in ("Date", "Type", "Statut", "Conseiller", "Note")]
    rows = [head] + [[Paragraph(format_date(e.date), st["cellule"]),
                      Paragraph(_esc(e.type + (f" ({e.modalite.lower()})" if e.modalite else "")), st["cellule"]),
                      Paragraph(_esc(e.statut), st["cellule"]), Paragraph(_esc(e.conseiller), st["cellule"]),
                      Paragraph(_esc(_short(e.note)), st["cellule"])] for e in events]
    table = Table(rows, colWidths=[22 * MM, 41 * MM, 17 * MM, 28 * MM, 66 * MM], repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d7e2")),
                               ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    return table


def _story(d: FicheJeune) -> list:
    from reportlab.platypus import Paragraph, Spacer
    st = styles()
    widths = [33 * MM, 54 * MM, 33 * MM, 54 * MM]
    title = f"{_esc(d.nom)} {_esc(d.prenom)}" + (" — fiche archivée" if d.archive else "")
    story = [Paragraph(_esc(d.organisation), st["petit"]), Paragraph(title, st["titre"]),
             Paragraph("Identité et situation", st["h2"]), _pairs_table(*_halves(_identity(d)), widths),
             Paragraph("Suivi et cotraitance", st["h2"]), _pairs_table(_suivi(d), d.cotraitance, widths),
             Paragraph("Derniers événements du journal", st["h2"])]
    if d.evenements:
        story.append(_events_table(d.evenements))
    else:
        story.append(Paragraph("Aucun événement dans le journal.", st["normal"]))
    story.append(Paragraph("Prochaines étapes", st["h2"]))
    steps = d.prochaines_etapes[:MAX_STEPS] or ("Aucune étape planifiée.",)
    story += [Paragraph(f"• {_esc(s)}", st["normal"]) for s in steps]
    story.append(Spacer(1, 4 * MM))
    return story


def _render(data: FicheJeune, events: int) -> tuple[bytes, int]:
    """The PDF with the ``events`` latest events, and its number of pages."""
    from dataclasses import replace
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * MM, rightMargin=18 * MM,
                            topMargin=14 * MM, bottomMargin=16 * MM,
                            title=f"Fiche jeune — {data.nom} {data.prenom}", author=data.organisation)
    footer = page_decorator(f"Fiche jeune — {data.nom} {data.prenom} — document confidentiel",
                            data.edition)
    doc.build(_story(replace(data, evenements=data.evenements[:events])), onFirstPage=footer,
              onLaterPages=footer)
    return buf.getvalue(), doc.page


def build_fiche_jeune(data: FicheJeune) -> bytes:
    """The fiche as PDF bytes (A4 portrait, DejaVu embedded), always on one page: when long
    addresses and notes would overflow, fewer events are printed."""
    events = min(len(data.evenements), MAX_EVENTS)
    while True:
        pdf, pages = _render(data, events)
        if pages <= 1 or events == 0:
            return pdf
        events -= 1
