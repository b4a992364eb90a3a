"""FASTT « Point Conseils Intérimaire » referrals (``004_…`` annex 5): preparation from the young
person's file, the consent gate, the dated follow-up, reminders, the referral sheet (PDF) and the
e-mail draft. Rules live in :mod:`milo_desktop.domain.fastt`; every step writes a journal line.

Settings (``services.settings.get``): ``fastt.relance_jours`` (reminder delay, default 10),
``fastt.email`` (the FASTT's address for the draft), ``logo.fastt`` and ``logo.mission_locale``
(image files for the sheet; the Mission Locale falls back to the organisation's logo, then text).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, select

from ..domain import fastt as ft
from ..domain.errors import DomainError, Problems, ValidationError
from ..domain.text import fold
from ..persistence.models import (
    AgenceEmploi, BesoinFastt, Evenement, FasttHistorique, Jeune, Organisation, OrientationFastt,
    Utilisateur,
)
from .base import Service, check_version, get_or_404, translate_stale
from .events import record_event

SOURCE = "orientation_fastt"
RELANCE_KEY = "fastt.relance_jours"
EMAIL_KEY = "fastt.email"
LOGO_FASTT_KEY = "logo.fastt"
LOGO_ML_KEY = "logo.mission_locale"

DATE_FIELD = {"preparee": "date_preparation", "envoyee": "date_envoi",
              "entretien_realise": "date_entretien", "injoignable": "date_injoignable",
              "synthese_recue": "date_synthese", "cloturee": "date_cloture"}
JOURNAL_NOTE = {"preparee": "Orientation FASTT préparée", "envoyee": "Orientation FASTT envoyée",
                "entretien_realise": "Orientation FASTT : entretien réalisé",
                "injoignable": "Orientation FASTT : jeune injoignable",
                "synthese_recue": "Orientation FASTT : synthèse reçue",
                "cloturee": "Orientation FASTT clôturée"}


@dataclass(frozen=True)
class JeuneContact:
    nom: str
    prenom: str
    telephone: str | None
    email: str | None


@dataclass(frozen=True)
class Step:
    statut: str
    date: date
    auteur: str | None

    @property
    def statut_label(self) -> str:
        return ft.statut_libelle(self.statut)


@dataclass(frozen=True)
class ReferralData:
    id: uuid.UUID
    version: int
    jeune_id: uuid.UUID
    jeune_nom: str
    jeune_prenom: str
    conseiller_id: uuid.UUID | None
    agence_id: uuid.UUID | None
    agence_nom: str | None
    date_debut_mission: date | None
    besoins: tuple[tuple[str, str | None], ...]
    urgence_sos: bool
    preference_contact: str | None
    disponibilites: str | None
    consent: ft.Consent
    statut: str
    date_preparation: date
    date_envoi: date | None
    date_entretien: date | None
    date_injoignable: date | None
    date_synthese: date | None
    recommandations: str | None
    date_cloture: date | None
    historique: tuple[Step, ...]
    derniere_etape: date
    relance_due: bool
    sos_en_retard: bool

    @property
    def statut_label(self) -> str:
        return ft.statut_libelle(self.statut)

    @property
    def besoins_label(self) -> str:
        return ", ".join(ft.besoin_libelle(code) for code, _ in self.besoins)

    @property
    def en_retard(self) -> bool:
        return self.relance_due or self.sos_en_retard

    @property
    def relance_label(self) -> str:
        if self.sos_en_retard:
            return "SOS : 48 h dépassées"
        return "À relancer" if self.relance_due else ""

    @property
    def transitions(self) -> tuple[str, ...]:
        return ft.transitions_possibles(self.statut)

    def as_input(self) -> ft.ReferralInput:
        return ft.ReferralInput(self.besoins, self.urgence_sos, self.preference_contact,
                                self.disponibilites, self.agence_nom, self.date_debut_mission)


@dataclass(frozen=True)
class FasttChiffres:
    """Referrals prepared in a year: how far they went, and how often each need was named."""

    annee: int
    preparees: int
    envoyees: int
    entretiens: int
    injoignables: int
    syntheses: int
    cloturees: int
    par_besoin: tuple[tuple[str, int], ...]


def _consent(row: OrientationFastt) -> ft.Consent:
    return ft.Consent(row.consentement, row.date_consentement, row.consentement_recueilli_par,
                      row.consentement_contact, row.consentement_synthese)


def _validated(data: ft.ReferralInput, consent: ft.Consent, today: date):
    """Referral and consent checked together: every problem at once (consent keys prefixed)."""
    p = Problems()
    try:
        data = ft.validate_referral(data, today)
    except ValidationError as err:
        p.items.update(err.problems)
    try:
        consent = ft.validate_consent(consent, today)
    except ValidationError as err:
        p.items.update({f"consentement_{k}": v for k, v in err.problems.items()})
    p.raise_if_any()
    return data, consent


def _safe_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_") or "jeune"


_NEED_ORDER = {code: i for i, (code, _) in enumerate(ft.BESOINS)}


def sorted_needs(pairs) -> tuple:
    """``(code, …)`` tuples in the catalogue's order (annex 5), whatever order they were stored in."""
    return tuple(sorted(pairs, key=lambda pair: _NEED_ORDER.get(pair[0], len(_NEED_ORDER))))


class FasttService(Service):
    # --- settings -------------------------------------------------------------------------
    def _setting(self, key: str, default=None):
        from .settings import SettingsService
        return SettingsService(self.ctx).get(key, default)

    def relance_jours(self) -> int:
        value = self._setting(RELANCE_KEY, ft.RELANCE_JOURS)
        return value if isinstance(value, int) and value >= 1 else ft.RELANCE_JOURS

    # --- reading --------------------------------------------------------------------------
    def referrals_source(self):
        """The referrals list of the Mission Jeunes page (search, filters, overdue in red)."""
        from .mission_jeunes_lists import ReferralsSource
        return ReferralsSource(self)

    def referrals(self, ids: list) -> list[ReferralData]:
        """The referrals of ``ids`` (one block of a list)."""
        return self._referrals(ids=ids)

    def jeune_contact(self, jeune_id: uuid.UUID) -> JeuneContact:
        with self.store.read() as s:
            j = get_or_404(s, Jeune, jeune_id, "La fiche du jeune")
            return JeuneContact(j.nom, j.prenom, j.telephone, j.email)

    def referral(self, referral_id: uuid.UUID) -> ReferralData:
        found = self._referrals(ids=[referral_id])
        if not found:
            raise DomainError("L'orientation FASTT n'existe plus (elle a peut-être été supprimée).")
        return found[0]

    def for_jeune(self, jeune_id: uuid.UUID) -> list[ReferralData]:
        return self._referrals(OrientationFastt.jeune_id == jeune_id)

    def in_progress(self) -> list[ReferralData]:
        return self._referrals(OrientationFastt.statut != "cloturee")

    def overdue(self, relance_jours: int | None = None) -> list[ReferralData]:
        """Referrals waiting for the FASTT with nothing new for ``relance_jours`` days (setting,
        default 10), and urgent ones still « envoyée » after 48 h."""
        jours = relance_jours or self.relance_jours()
        waiting = self._referrals(OrientationFastt.statut.in_(ft.EN_ATTENTE_FASTT), jours=jours)
        return [r for r in waiting if r.en_retard]

    def _referrals(self, *where, ids: list | None = None, jours: int | None = None) -> list[ReferralData]:
        jours = jours or self.relance_jours()
        q = (select(OrientationFastt, Jeune.nom, Jeune.prenom, AgenceEmploi.nom)
             .join(Jeune, Jeune.id == OrientationFastt.jeune_id)
             .outerjoin(AgenceEmploi, AgenceEmploi.id == OrientationFastt.agence_id)
             .where(*where).order_by(OrientationFastt.date_preparation.desc(),
                                     OrientationFastt.created_at.desc()))
        if ids is not None:
            q = q.where(OrientationFastt.id.in_(ids))
        with self.store.read() as s:
            rows = s.execute(q).all()
            keys = [r[0].id for r in rows]
            needs, steps = self._children(s, keys)
        return [self._data(o, n, p, a, needs.get(o.id, ()), steps.get(o.id, ()), jours)
                for o, n, p, a in rows]

    @staticmethod
    def _children(s, keys: list) -> tuple[dict, dict]:
        needs: dict = {}
        steps: dict = {}
        for start in range(0, len(keys), 500):
            block = keys[start:start + 500]
            for b in s.scalars(select(BesoinFastt).where(BesoinFastt.orientation_id.in_(block))):
                needs.setdefault(b.orientation_id, []).append((b.code, b.detail))
            for h in s.scalars(select(FasttHistorique).where(FasttHistorique.orientation_id.in_(block))
                               .order_by(FasttHistorique.date, FasttHistorique.created_at)):
                steps.setdefault(h.orientation_id, []).append(Step(h.statut, h.date, h.auteur))
        return {k: sorted_needs(v) for k, v in needs.items()}, {k: tuple(v) for k, v in steps.items()}

    def _data(self, o: OrientationFastt, nom, prenom, agence, needs, steps, jours) -> ReferralData:
        today = self.today()
        last = getattr(o, DATE_FIELD[o.statut]) or o.date_preparation
        return ReferralData(
            o.id, o.version, o.jeune_id, nom, prenom, o.conseiller_id, o.agence_id,
            agence or o.agence_libre,
            o.date_debut_mission, tuple(needs), o.urgence_sos, o.preference_contact, o.disponibilites,
            _consent(o), o.statut, o.date_preparation, o.date_envoi, o.date_entretien,
            o.date_injoignable, o.date_synthese, o.recommandations, o.date_cloture, tuple(steps), last,
            ft.relance_due(o.statut, last, today, jours),
            bool(o.date_envoi) and ft.sos_en_retard(o.urgence_sos, o.statut, o.date_envoi, today))

    # --- preparing ------------------------------------------------------------------------
    @translate_stale
    def prepare(self, jeune_id: uuid.UUID, data: ft.ReferralInput, consent: ft.Consent,
                agence_id: uuid.UUID | None = None) -> ReferralData:
        """A new referral, « préparée » today by the current user, with its journal line."""
        data, consent = _validated(data, consent, self.today())
        with self.store.write() as s:
            get_or_404(s, Jeune, jeune_id, "La fiche du jeune")
            row = OrientationFastt(jeune_id=jeune_id, conseiller_id=self.ctx.user.id, statut="preparee",
                                   date_preparation=self.today())
            self.stamp_new(row)
            self._fill(s, row, data, consent, agence_id)
            self._step(s, row, "preparee", row.date_preparation,
                       f"{JOURNAL_NOTE['preparee']} — besoins : {self._categories(data)}"
                       + (" (urgence SOS)" if data.urgence_sos else ""))
            new_id = row.id
        return self.referral(new_id)

    @translate_stale
    def update(self, referral_id: uuid.UUID, data: ft.ReferralInput, consent: ft.Consent,
               agence_id: uuid.UUID | None = None, version: int | None = None) -> ReferralData:
        """Edit a referral still « préparée » (once sent, the FASTT has the sheet)."""
        data, consent = _validated(data, consent, self.today())
        with self.store.write() as s:
            row = get_or_404(s, OrientationFastt, referral_id, "L'orientation FASTT")
            check_version(row, version)
            if row.statut != "preparee":
                raise DomainError(f"Une orientation « {ft.statut_libelle(row.statut)} » ne se modifie "
                                  "plus : le FASTT a déjà reçu la fiche.")
            self.stamp(row)
            s.execute(delete(BesoinFastt).where(BesoinFastt.orientation_id == row.id))
            self._fill(s, row, data, consent, agence_id)
        return self.referral(referral_id)

    @staticmethod
    def _categories(data: ft.ReferralInput) -> str:
        labels = dict.fromkeys(ft.categorie_of(code).libelle for code, _ in data.besoins)
        return ", ".join(labels)

    @staticmethod
    def _fill(s, row: OrientationFastt, data: ft.ReferralInput, consent: ft.Consent, agence_id) -> None:
        if agence_id is not None:
            get_or_404(s, AgenceEmploi, agence_id, "L'agence d'emploi")
        row.agence_id, row.date_debut_mission = agence_id, data.date_debut_mission
        row.agence_libre = None if agence_id is not None else data.agence  # typed, not in the list
        row.urgence_sos, row.preference_contact = data.urgence_sos, data.preference_contact
        row.disponibilites = data.disponibilites
        row.consentement, row.date_consentement = consent.donne, consent.date
        row.consentement_recueilli_par = consent.recueilli_par
        row.consentement_contact, row.consentement_synthese = consent.contact_fastt, consent.retour_synthese
        s.add(row)
        s.flush()
        s.add_all(BesoinFastt(orientation_id=row.id, code=code, detail=detail)
                  for code, detail in data.besoins)

    def _step(self, s, row: OrientationFastt, statut: str, when: date, note: str) -> None:
        s.add(FasttHistorique(orientation_id=row.id, date=when, statut=statut, auteur=self.ctx.author))
        record_event(s, jeune_id=row.jeune_id, when=when, type="prescription", author=self.ctx.author,
                     note=note[:500], conseiller_id=self.ctx.user.id, source_type=SOURCE, source_id=row.id)

    def delete(self, referral_id: uuid.UUID) -> None:
        """Only a referral still « préparée » can be deleted (with its journal lines)."""
        with self.store.write() as s:
            row = get_or_404(s, OrientationFastt, referral_id, "L'orientation FASTT")
            if row.statut != "preparee":
                raise DomainError("Seule une orientation encore « préparée » peut être supprimée ; "
                                  "clôturez-la plutôt.")
            s.execute(delete(Evenement).where(Evenement.source_type == SOURCE,
                                              Evenement.source_id == referral_id))
            s.delete(row)

    # --- follow-up ------------------------------------------------------------------------
    @translate_stale
    def advance(self, referral_id: uuid.UUID, step: str, when=None, recommandations: str | None = None,
                version: int | None = None) -> ReferralData:
        """Move to ``step`` on ``when`` (today by default). Refused with a French message when the
        state machine or the consent does not allow it; sending also needs a complete sheet."""
        with self.store.write() as s:
            row = get_or_404(s, OrientationFastt, referral_id, "L'orientation FASTT")
            check_version(row, version)
            last = getattr(row, DATE_FIELD[row.statut]) or row.date_preparation
            etape = ft.check_transition(row.statut, step, when or self.today(), date_precedente=last,
                                        today=self.today(), consent=_consent(row),
                                        recommandations=recommandations)
            if step == "envoyee":
                self._fiche(s, row)
            self.stamp(row)
            row.statut = step
            setattr(row, DATE_FIELD[step], etape.date)
            if step == "synthese_recue":
                row.recommandations = etape.recommandations
            self._step(s, row, step, etape.date, JOURNAL_NOTE[step])
        return self.referral(referral_id)

    # --- what the FASTT receives ----------------------------------------------------------
    def fiche(self, referral_id: uuid.UUID) -> ft.FicheFastt:
        with self.store.read() as s:
            return self._fiche(s, get_or_404(s, OrientationFastt, referral_id, "L'orientation FASTT"))

    def _fiche(self, s, row: OrientationFastt) -> ft.FicheFastt:
        j = s.get(Jeune, row.jeune_id)
        jeune = {k: getattr(j, k) for k in ft.IDENTITE_CHAMPS}
        user = s.get(Utilisateur, row.conseiller_id) if row.conseiller_id else None
        org = s.scalars(select(Organisation)).first()
        conseiller = {"prenom": user.prenom if user else None, "nom": user.nom if user else None,
                      "email": (user.email if user else None) or (org.email if org else None),
                      "telephone": org.telephone if org else None,
                      "mission_locale": org.nom if org else None}
        agence = s.get(AgenceEmploi, row.agence_id) if row.agence_id else None
        needs = s.execute(select(BesoinFastt.code, BesoinFastt.detail)
                          .where(BesoinFastt.orientation_id == row.id)).all()
        referral = ft.ReferralInput(sorted_needs(tuple(n) for n in needs),
                                    row.urgence_sos, row.preference_contact, row.disponibilites,
                                    agence.nom if agence else row.agence_libre,
                                    row.date_debut_mission)
        return ft.fiche_fastt_fields(jeune, referral, _consent(row), conseiller)

    def _logos(self) -> list[tuple[str, str | None]]:
        from .settings import SettingsService
        settings = SettingsService(self.ctx)
        org = settings.organisation().fields
        return [(org.nom or "Mission Locale", settings.get(LOGO_ML_KEY) or org.logo_path),
                ("FASTT", settings.get(LOGO_FASTT_KEY))]

    def sheet_pdf(self, referral_id: uuid.UUID) -> bytes:
        """The referral sheet: only what the FASTT needs (whitelist), with both partners' logos."""
        from ..reports.fastt_pdf import build_fiche_pdf
        return build_fiche_pdf(self.fiche(referral_id), self._logos(), edition=self.today())

    def pdf_name(self, referral_id: uuid.UUID) -> str:
        r = self.referral(referral_id)
        return f"orientation_fastt_{_safe_name(r.jeune_nom)}_{_safe_name(r.jeune_prenom)}.pdf"

    def email_draft(self, referral_id: uuid.UUID, path: str | Path, to: str | None = None) -> Path:
        """Write the ``.eml`` draft (PDF attached) to ``path``; ``to`` defaults to the
        ``fastt.email`` setting. Works offline: nothing is sent."""
        to = to or self._setting(EMAIL_KEY)
        if not to:
            raise DomainError("Adresse e-mail du FASTT : renseignez-la (paramètre « fastt.email »).", "to")
        from ..domain.referentiel import check_email
        to = check_email(to, "to")  # a mistyped address is said, not written into the draft
        fiche = self.fiche(referral_id)
        from_ = fiche.conseiller_email or ""
        if not from_:
            raise DomainError("E-mail du conseiller : nécessaire comme expéditeur du message.", "from_")
        pdf = self.sheet_pdf(referral_id)
        message = ft.email_draft(fiche, pdf, self.pdf_name(referral_id), to, from_)
        return _write_atomic(Path(path), message)

    # --- figures --------------------------------------------------------------------------
    def chiffres_annee(self, year: int | None = None) -> FasttChiffres:
        year = year or self.today().year
        rows = self._referrals(OrientationFastt.date_preparation.between(date(year, 1, 1),
                                                                          date(year, 12, 31)))
        reached = lambda field: sum(1 for r in rows if getattr(r, field) is not None)  # noqa: E731
        counts: dict[str, int] = {}
        for r in rows:
            for code, _ in r.besoins:
                counts[code] = counts.get(code, 0) + 1
        par_besoin = tuple((ft.besoin_libelle(c), counts[c]) for c, _ in ft.BESOINS if c in counts)
        return FasttChiffres(year, len(rows), reached("date_envoi"), reached("date_entretien"),
                             reached("date_injoignable"), reached("date_synthese"),
                             reached("date_cloture"), par_besoin)


def _write_atomic(path: Path, content: bytes) -> Path:
    if path.suffix.lower() != ".eml":
        path = path.with_suffix(".eml")
    from ..exchange.writing import write_bytes
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DomainError(f"Impossible de créer le dossier « {path.parent} » : {err.strerror}.",
                          "fichier") from err
    return write_bytes(path, content)

