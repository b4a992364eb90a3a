"""The partnership convention Mission Locale ↔ agence d'emploi, filled from the model of annex 2
of the regional agreement Mission Jeunes (``004_…``).

The model's text is reproduced; its blanks are filled with both parties (names, addresses,
representatives, référent), the duration and the signature place and date. The model jumps
from article 2 to article 4: articles are numbered consecutively here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from ..domain.dates import format_date_long
from .fastt_pdf import _esc, logo_band
from .pdfbase import page_decorator, styles

TITLE = "Convention de partenariat en faveur de la formation et l'emploi des jeunes"
BLANK = "……………………………………"

OBJET = (
    "En référence à l'accord-cadre national pour l'emploi et la qualification de jeunes signé entre "
    "le Ministère du travail, Prism'emploi, l'UNML, le FASTT le FPE TT et AKTO pour la branche du "
    "travail temporaire dont l'objet de la présente convention vise à développer et/ou à renforcer le "
    "partenariat entre les réseaux des agences d'Emploi et le réseau des Missions Locales pour "
    "permettre de :")
OBJET_POINTS = (
    "Favoriser le rapprochement entre les jeunes et les entreprises du bassin d'emploi concerné.",
    "Faciliter l'accès à l'emploi et à la qualification des jeunes en mobilisant l'offre de services "
    "de la mission locale ainsi que la démarche « Mission jeunes » de la branche.",
    "Assurer la continuité des parcours professionnels en prenant en compte les freins à leur accès à "
    "l'emploi (logement, mobilité, garde d'enfants, mutuelle, ...).",
    "Contribuer à la réussite des différents dispositifs d'accompagnement des missions locales "
    "(notamment le PACEA et le contrat d'engagement jeune) en les articulant avec la démarche « Mission "
    "jeunes ». Une attention particulière sera portée aux jeunes en situation du handicap qui pourront "
    "bénéficier de l'offre de service de l'OPCO AKTO « Mission handicap et RSE ».",
)
ENGAGEMENTS_COMMUNS = (
    "Partageant les informations relatives à la connaissance des besoins en compétences des "
    "entreprises des bassins d'emploi et des besoins des jeunes, notamment dans le cadre d'un "
    "diagnostic partagé.",
    "Échangeant régulièrement les informations sur le déroulement des missions d'intérim et des "
    "missions formation des jeunes intérimaires.",
    "Articulant les interventions pour assurer aux jeunes une continuité de leur parcours au moyen de "
    "l'offre de services partenariale.",
    "Communiquant à l'OPCO AKTO, toutes les informations lui permettant d'assurer le suivi du partenariat.",
    "Communiquant sur le partenariat auprès de l'ensemble de leurs interlocuteurs (Entreprises "
    "partenaires, acteurs de l'emploi, organismes de formation, État, Région…)",
)
ENGAGEMENTS_ML = (
    ("A. Améliorer la connaissance des jeunes du monde de l'entreprise", (
        "Associer l'agence d'emploi aux ateliers qu'elle organise dans le cadre de son offre de "
        "services pour informer et sensibiliser les jeunes sur les secteurs, notamment rencontrant des "
        "pénuries de candidats ainsi que sur les emplois intérimaires.",
        "Organiser des visites en entreprises et faciliter la mise en œuvre de périodes en milieu "
        "professionnel en entreprises pour les jeunes en lien avec l'agence d'emploi.")),
    ("B. Construire des parcours professionnels des jeunes pour répondre aux besoins en recrutements "
     "des entreprises et développement des compétences des jeunes", (
        "Accompagner les jeunes à l'autonomie et s'assurer de l'appréhension des codes de l'entreprise "
        "en amont et lors du suivi des périodes en milieu professionnel ou des missions d'intérim "
        "réalisées.",
        "Orienter les jeunes en fonction de leur projet et disposant des prérequis définis conjointement "
        "sur les missions d'intérim proposées par l'agence d'emploi et organiser conjointement les mises "
        "en relation et leur suivi.",
        "Proposer son offre de services mobilisant, entre autres, l'ensemble des outils de la politique "
        "de l'emploi en fonction des besoins des jeunes et des entreprises.")),
)
ENGAGEMENTS_AGENCE = (
    ("A. Faciliter le rapprochement entre les jeunes, notamment ceux bénéficiant du contrat "
     "d'engagement Jeune et du PACEA et les entreprises du bassin d'emploi concerné", (
        "Identifier et partager les prérequis (Compétences comportementales, techniques...) attendus "
        "sur les postes de travail à pourvoir.",
        "Participer aux forums emplois, journées portes ouvertes organisés par les prescripteurs.")),
    ("B. Faciliter l'accès des jeunes à l'emploi et à la qualification", (
        "Préparer les jeunes à l'intégration dans l'emploi en lien avec les Missions Locales.",
        "Proposer aux jeunes, répondant aux prérequis de l'Agence d'emploi, une mission d'intérim (CTT, "
        "CDD, CDI et CDI intérimaire) en fonction des besoins des entreprises utilisatrices.",
        "Organiser, en collaboration avec la mission locale des actions d'adaptation à l'emploi ou de "
        "professionnalisation, permettant aux publics jeunes d'acquérir des compétences attendues par "
        "les entreprises, en mobilisant l'ensemble des dispositifs de formation de droit commun et ceux "
        "de la Branche du travail temporaire.",
        "Mobiliser les services d'accompagnement socioprofessionnel du FASTT pour faciliter l'entrée en "
        "première mission (aide au logement, mobilité, garde d'enfant, santé) et assurer ainsi la "
        "continuité des parcours professionnels.",
        "Assurer le suivi des jeunes en entreprise, informer les interlocuteurs de la Mission Locale des "
        "bilans de fin de mission et proposer si nécessaire une médiation avec le jeune.")),
)
SUIVI = (
    "Le lancement et la mise en œuvre du partenariat pourront être appuyé par l'OPCO.",
    "Le suivi et l'évaluation de ce partenariat seront réalisés par l'Entreprise de travail temporaire "
    "et la mission locale.",
    "A cette occasion, un bilan d'évaluation annuel et en fin de convention sera établi sur la base "
    "d'indicateurs définis lors du premier comité de pilotage de l'accord-cadre national et transmis au "
    "comité de pilotage national. Il permettra de mesurer les résultats du partenariat (le nombre de "
    "jeunes orientés, les jeunes mis à l'emploi...) et d'envisager le renforcement et la pérennisation "
    "du partenariat.",
)


@dataclass(frozen=True)
class ConventionPrint:
    ml_nom: str
    ml_adresse: str | None
    ml_code_postal: str | None
    ml_commune: str | None
    ml_representant: str | None
    ml_logo: str | None
    referent: str | None
    agence_nom: str
    agence_reseau: str | None
    agence_siret: str | None
    agence_adresse: str | None
    agence_code_postal: str | None
    agence_commune: str | None
    agence_representant: str | None
    date_signature: date
    duree_annees: int


def ml_label(nom: str) -> str:
    """« Mission Locale de Foix » whether or not the organisation's name already says it."""
    return nom if nom.lower().startswith("mission locale") else f"Mission Locale {nom}"


def _text_styles():
    from reportlab.lib.styles import ParagraphStyle
    st = dict(styles())
    st["texte"] = ParagraphStyle("texte", parent=st["normal"], spaceAfter=3)
    st["puce"] = ParagraphStyle("puce", parent=st["normal"], leftIndent=12, bulletIndent=2, spaceAfter=2)
    return st


def _address(adresse, cp, commune) -> str:
    town = " ".join(x for x in (cp, commune) if x)
    return ", ".join(x for x in (adresse, town) if x)


def _party(st, title: str, lines: list[str]):
    from reportlab.platypus import Paragraph
    return [Paragraph(f"<b>{_esc(title)}</b>", st["texte"])] + [
        Paragraph(_esc(line), st["texte"]) for line in lines if line]


def _bullets(st, items) -> list:
    from reportlab.platypus import Paragraph
    return [Paragraph(_esc(item), st["puce"], bulletText="–") for item in items]


def _parties(c: ConventionPrint, st) -> list:
    from reportlab.platypus import Paragraph, Spacer
    agence = c.agence_nom + (f" ({c.agence_reseau})" if c.agence_reseau else "")
    return [
        Paragraph("ENTRE", st["h2"]),
        *_party(st, f"La {ml_label(c.ml_nom)}", [
            _address(c.ml_adresse, c.ml_code_postal, c.ml_commune),
            f"Représentée par : {c.ml_representant or BLANK}",
            f"Référent emploi-alternance : {c.referent}" if c.referent else ""]),
        Paragraph("ET", st["h2"]),
        *_party(st, f"L'agence d'emploi {agence}", [
            _address(c.agence_adresse, c.agence_code_postal, c.agence_commune),
            f"SIRET : {c.agence_siret}" if c.agence_siret else "",
            f"Représentée par : {c.agence_representant or BLANK}"]),
        Spacer(1, 6),
        Paragraph("CI-APRÈS DÉNOMMÉES « LES PARTIES »", st["texte"]),
        Paragraph("Il est convenu et arrêté ce qui suit :", st["texte"]),
    ]


def _engagements(st, who: str, blocks) -> list:
    from reportlab.platypus import Paragraph
    out = [Paragraph(f"<b>{_esc(who)}</b>", st["texte"])]
    for title, items in blocks:
        out += [Paragraph(f"<i>{_esc(title)}</i>", st["texte"]), *_bullets(st, items)]
    return out


def _duree(c: ConventionPrint, st) -> list:
    from reportlab.platypus import Paragraph
    ans = f"{c.duree_annees} an{'s' if c.duree_annees > 1 else ''}"
    return [
        Paragraph("ARTICLE 4. LA DURÉE DU PARTENARIAT", st["h2"]),
        Paragraph(f"Cette convention est conclue pour une durée de {ans}, sauf désengagement de l'un ou "
                  "de l'autre des signataires au moins un mois avant la date anniversaire de la signature.",
                  st["texte"]),
        Paragraph("A la date anniversaire, la convention sera renouvelée par tacite reconduction sauf "
                  "dénonciation de l'une ou l'autre des parties.", st["texte"]),
        Paragraph("Les parties signataires ont toute latitude pour enrichir cette convention de partenariat "
                  "d'une annexe précisant les modalités opérationnelles.", st["texte"]),
    ]


def _signatures(c: ConventionPrint, st):
    """Place, date and both signature boxes, kept on one page."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table
    place = c.ml_commune or BLANK

    def box(title: str, who: str | None):
        return [Paragraph(f"<b>{_esc(title)}</b>", st["texte"]),
                Paragraph(_esc(who) if who else "Nom et qualité : " + BLANK, st["texte"]),
                Paragraph("<i>Signature</i>", st["petit"])]
    table = Table([[box(f"Pour la {ml_label(c.ml_nom)}", c.ml_representant),
                    box(f"Pour l'agence d'emploi {c.agence_nom}", c.agence_representant)]],
                  colWidths=[85 * mm, 85 * mm], rowHeights=[38 * mm],
                  style=[("VALIGN", (0, 0), (-1, -1), "TOP"),
                         ("BOX", (0, 0), (0, 0), 0.4, colors.HexColor("#c8d1dc")),
                         ("BOX", (1, 0), (1, 0), 0.4, colors.HexColor("#c8d1dc"))])
    return KeepTogether([Spacer(1, 10), Paragraph(
        f"Fait à {_esc(place)}, le {format_date_long(c.date_signature)}, en deux exemplaires.",
        st["texte"]), Spacer(1, 4), table])


def _story(c: ConventionPrint) -> list:
    from reportlab.platypus import Paragraph, Spacer
    st = _text_styles()
    ml = f"LA {ml_label(c.ml_nom).upper()} S'ENGAGE À :"
    story = [logo_band([(c.ml_nom, c.ml_logo), (c.agence_nom, None)]), Spacer(1, 8),
             Paragraph("CONVENTION DE PARTENARIAT", st["h1"]),
             Paragraph("EN FAVEUR DE LA FORMATION ET L'EMPLOI DES JEUNES", st["h2"]),
             *_parties(c, st),
             Paragraph("ARTICLE 1. OBJET DE LA CONVENTION DE PARTENARIAT", st["h2"]),
             Paragraph(_esc(OBJET), st["texte"]), *_bullets(st, OBJET_POINTS),
             Paragraph("ARTICLE 2. LES ENGAGEMENTS DES PARTIES", st["h2"]),
             Paragraph("Les parties signataires s'engagent à mettre en œuvre la présente convention en :",
                       st["texte"]), *_bullets(st, ENGAGEMENTS_COMMUNS), Spacer(1, 4),
             *_engagements(st, ml, ENGAGEMENTS_ML), Spacer(1, 4),
             *_engagements(st, "L'AGENCE D'EMPLOI S'ENGAGE À :", ENGAGEMENTS_AGENCE),
             Paragraph("ARTICLE 3. LES MODALITÉS DE MISE EN ŒUVRE, DE SUIVI ET D'ÉVALUATION", st["h2"]),
             *[Paragraph(_esc(t), st["texte"]) for t in SUIVI],
             *_duree(c, st), _signatures(c, st)]
    return story


def build_convention_pdf(c: ConventionPrint, edition: date | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=15 * mm, bottomMargin=18 * mm, title=TITLE, author=c.ml_nom,
                            subject=f"{c.ml_nom} – {c.agence_nom}")
    deco = page_decorator(f"Convention Mission Locale – {c.agence_nom}", edition)
    doc.build(_story(c), onFirstPage=deco, onLaterPages=deco)
    return buf.getvalue()
