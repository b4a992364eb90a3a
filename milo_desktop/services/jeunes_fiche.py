"""What the printed fiche jeune shows: identity in words, cotraitance dates and state, the last
events and the next steps (planned appointments, cotraitance deadlines)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import cotraitance as cot
from ..domain.dates import format_date
from ..domain.jeunes import (
    EVENEMENT_TYPES, FLAG_NAMES, FLAGS, HEBERGEMENTS, MODALITES, NIVEAUX_FORMATION, PROGRAMMES,
    SEXES, STATUTS_RDV, format_phone, label,
)
from ..persistence.models import Evenement, Organisation, Utilisateur
from ..reports.fiche_jeune import MAX_EVENTS, MAX_STEPS, FicheEvenement, FicheJeune
from .jeunes import CotraitanceSummary, JeuneDetail


def _events(s: Session, jeune_id, where, order, limit: int) -> list:
    q = (select(Evenement, Utilisateur.prenom, Utilisateur.nom)
         .outerjoin(Utilisateur, Utilisateur.id == Evenement.conseiller_id)
         .where(Evenement.jeune_id == jeune_id, *where).order_by(*order).limit(limit))
    return s.execute(q).all()


def _fiche_event(row) -> FicheEvenement:
    ev, prenom, nom = row
    return FicheEvenement(ev.date, label(EVENEMENT_TYPES, ev.type), label(MODALITES, ev.modalite),
                          label(STATUTS_RDV, ev.statut), f"{prenom} {nom}" if nom else "", ev.note or "")


def last_events(s: Session, jeune_id, today: date) -> list[FicheEvenement]:
    """The latest events up to today (planned ones in the future are next steps)."""
    rows = _events(s, jeune_id, [Evenement.date <= today],
                   [Evenement.date.desc(), Evenement.created_at.desc()], MAX_EVENTS)
    return [_fiche_event(r) for r in rows]


def _planned_steps(s: Session, jeune_id, today: date) -> list[str]:
    rows = _events(s, jeune_id, [Evenement.date >= today, Evenement.statut == "planifie"],
                   [Evenement.date, Evenement.created_at], MAX_STEPS)
    steps = []
    for row in rows:
        e = _fiche_event(row)
        how = f" ({e.modalite.lower()})" if e.modalite else ""
        who = f" avec {e.conseiller}" if e.conseiller else ""
        steps.append(f"{format_date(e.date)} : {e.type}{how}{who}")
    return steps


def cotraitance_steps(c: CotraitanceSummary, today: date) -> list[str]:
    """What the cotraitance asks for next, in words."""
    phase = c.phase or cot.PHASE_AUCUNE
    steps = []
    if phase == cot.PHASE_AFFECTATION:
        steps.append(f"Accepter ou refuser l'affectation en cotraitance du {format_date(c.date_affectation)}.")
    elif phase == cot.PHASE_ACCEPTEE:
        steps.append("Initialiser le parcours (premier entretien) : cotraitance acceptée le "
                     f"{format_date(c.date_acceptation)}.")
    if c.etat == cot.ETAT_ALERTE:
        steps.append(f"Alerte de cotraitance depuis le {format_date(c.date_etat)} : faire le point avec le jeune.")
    if c.date_fin_prevue and phase not in (cot.PHASE_SORTIE, cot.PHASE_AUCUNE, cot.PHASE_REFUSEE):
        why = f" ({c.motif_fin_label})" if c.motif_fin_prevue else ""
        if c.date_fin_prevue < today:
            steps.append(f"Fin de cotraitance dépassée depuis le {format_date(c.date_fin_prevue)}{why} : "
                         "enregistrer la sortie décidée par France Travail.")
        else:
            steps.append(f"Fin de cotraitance prévue le {format_date(c.date_fin_prevue)}{why}.")
    return steps


def cotraitance_lines(c: CotraitanceSummary) -> tuple[tuple[str, str], ...]:
    if not c.phase or c.phase == cot.PHASE_AUCUNE:
        return (("Cotraitance", "Pas en cotraitance"),)
    lines = [("Cotraitance", c.phase_label)]
    if c.etat:
        lines.append(("État", f"{c.etat_label} depuis le {format_date(c.date_etat)}"))
    for name, value in (("Affectation", c.date_affectation), ("Acceptation", c.date_acceptation),
                        ("Initialisation du parcours", c.date_initialisation),
                        ("Cessation / radiation", c.date_radiation)):
        if value:
            lines.append((name, format_date(value)))
    if c.date_sortie:
        lines.append(("Sortie", f"{format_date(c.date_sortie)} ({c.motif_sortie_label})"))
    return tuple(lines)


def _adresse(d: JeuneDetail) -> str:
    return " ".join(x for x in (d.adresse, d.code_postal, d.commune) if x)


def fiche_data(s: Session, d: JeuneDetail, today: date) -> FicheJeune:
    """The plain data of the printed fiche for one young person."""
    org = s.scalar(select(Organisation.nom)) or "Mission Locale"
    steps = _planned_steps(s, d.id, today) + cotraitance_steps(d.cotraitance, today)
    if not d.referent_id:
        steps.append("Désigner un référent pour ce jeune.")
    return FicheJeune(
        organisation=org, nom=d.nom, prenom=d.prenom, date_naissance=d.date_naissance, age=d.age,
        edition=today, nom_usage=d.nom_usage or "", sexe=label(SEXES, d.sexe), adresse=_adresse(d),
        telephone=format_phone(d.telephone), email=d.email or "", identifiant_ft=d.identifiant_ft or "",
        numero_imilo=d.numero_imilo or "", date_inscription_ft=d.date_inscription_ft,
        niveau_formation=label(NIVEAUX_FORMATION, d.niveau_formation),
        hebergement=label(HEBERGEMENTS, d.hebergement),
        reperes=tuple(FLAG_NAMES[f] for f in FLAGS if getattr(d, f)), referent=d.referent_nom,
        site=d.site_nom, programmes=tuple(label(PROGRAMMES, p) for p in d.programmes), archive=d.archive,
        cotraitance=cotraitance_lines(d.cotraitance), date_fin_prevue=d.cotraitance.date_fin_prevue,
        motif_fin_prevue=d.cotraitance.motif_fin_label, evenements=tuple(last_events(s, d.id, today)),
        prochaines_etapes=tuple(steps[:MAX_STEPS]), date_premier_accueil=d.date_premier_accueil)
