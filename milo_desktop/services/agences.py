"""Agences d'emploi, their conventions (``004_…`` annex 2) and the young people oriented to them.

- An agency: name, brand/network, SIRET, address, one contact, the Mission Locale's référent
  emploi-alternance (a user).
- A convention: signature date, duration in years, tacit renewal at each anniversary unless
  denounced one month before (rules in :mod:`milo_desktop.domain.conventions`); the service
  surfaces the next anniversary, the last day to denounce and the renewal warning.
- An orientation: a young person sent to an agency (counted in the annual evaluation,
  art. 4 of annex 2); it appears in the young person's journal.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import delete, func, select

from ..domain import conventions as cv
from ..domain.dates import format_date
from ..domain.entreprises import (
    format_siret, normalize_telephone, validate_code_postal, validate_email, validate_siret,
)
from ..domain.errors import DomainError, Problems, ValidationError
from ..domain.text import clean
from ..persistence.models import (
    AgenceEmploi, ConventionAgence, DelegationInterim, Evenement, Jeune, OrientationAgence,
    OrientationFastt, Utilisateur,
)
from .base import Service, get_or_404, translate_stale
from .events import record_event

ALERTE_KEY = "conventions.alerte_jours"
REPRESENTANT_KEY = "organisation.representant"
ORIENTATION_SOURCE = "orientation_agence"


# ---------------------------------------------------------------- agency input


@dataclass(frozen=True)
class AgenceInput:
    nom: str | None = None
    reseau: str | None = None
    siret: str | None = None
    adresse: str | None = None
    code_postal: str | None = None
    commune: str | None = None
    contact_nom: str | None = None
    contact_telephone: str | None = None
    contact_email: str | None = None
    referent_id: uuid.UUID | None = None


_LENGTHS = {"nom": (200, "Nom de l'agence"), "reseau": (100, "Enseigne / réseau"),
            "adresse": (300, "Adresse"), "commune": (120, "Commune"), "contact_nom": (150, "Contact")}


def _bounded(value: str | None, field: str) -> str | None:
    text = clean(value)
    size, nom = _LENGTHS[field]
    if text is not None and len(text) > size:
        raise DomainError(f"{nom} : {size} caractères au plus.", field)
    return text


def _optional(p: Problems, field: str, func_, value):
    """``func_(value)`` for a non-empty value (problem recorded under ``field``); empty gives None."""
    value = clean(value)
    return None if value is None else p.check(field, func_, value)


def validate_agence(data: AgenceInput) -> AgenceInput:
    """All problems at once: name required, SIRET checked (Luhn), postcode, phone, e-mail."""
    p = Problems()
    values = {f: p.check(f, _bounded, getattr(data, f), f) for f in _LENGTHS}
    if values["nom"] is None and "nom" not in p.items:
        p.add("nom", "Nom de l'agence : obligatoire.")
    result = replace(
        data, **values,
        siret=_optional(p, "siret", validate_siret, data.siret),
        code_postal=_optional(p, "code_postal", validate_code_postal, data.code_postal),
        contact_telephone=_optional(p, "contact_telephone", normalize_telephone, data.contact_telephone),
        contact_email=_optional(p, "contact_email", validate_email, data.contact_email),
    )
    p.raise_if_any()
    return result


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class ConventionData:
    id: uuid.UUID
    version: int
    agence_id: uuid.UUID
    agence_nom: str
    date_signature: date
    duree_annees: int
    date_denonciation: date | None
    echeance_initiale: date
    prochain_anniversaire: date
    date_limite_denonciation: date
    date_fin: date | None
    active: bool
    alerte: bool

    @property
    def etat(self) -> str:
        if not self.active:
            return f"Terminée le {format_date(self.date_fin)}"
        if self.date_fin is not None:
            return f"Dénoncée : fin le {format_date(self.date_fin)}"
        if self.alerte:
            return (f"À renouveler : dénonciation possible jusqu'au "
                    f"{format_date(self.date_limite_denonciation)}")
        if self.prochain_anniversaire <= self.echeance_initiale:
            return f"En cours jusqu'au {format_date(self.echeance_initiale)}"
        return f"Reconduite tacitement ; prochaine échéance le {format_date(self.prochain_anniversaire)}"


@dataclass(frozen=True)
class AgenceData:
    id: uuid.UUID
    version: int
    nom: str
    reseau: str | None
    siret: str | None
    adresse: str | None
    code_postal: str | None
    commune: str | None
    contact_nom: str | None
    contact_telephone: str | None
    contact_email: str | None
    referent_id: uuid.UUID | None
    referent_nom: str | None
    convention: ConventionData | None = None  # the one in force (else the latest)

    def as_input(self) -> AgenceInput:
        return AgenceInput(**{f: getattr(self, f) for f in AgenceInput.__dataclass_fields__})


@dataclass(frozen=True)
class OrientationData:
    id: uuid.UUID
    version: int
    jeune_id: uuid.UUID
    agence_id: uuid.UUID
    agence_nom: str
    date: date


def _convention(c: ConventionAgence, agence_nom: str, today: date, jours: int) -> ConventionData:
    conv = cv.Convention(c.date_signature, c.duree_annees, c.date_denonciation)
    prochain = cv.prochain_anniversaire(conv, today)
    return ConventionData(
        c.id, c.version, c.agence_id, agence_nom, c.date_signature, c.duree_annees,
        c.date_denonciation, cv.echeance_initiale(conv), prochain,
        cv.date_limite_denonciation(prochain), cv.date_fin(conv), cv.est_active(conv, today),
        cv.alerte_renouvellement(conv, today, jours))


def _current(convs: list[ConventionData]) -> ConventionData | None:
    active = [c for c in convs if c.active]
    pool = active or convs
    return max(pool, key=lambda c: c.date_signature) if pool else None


AGENCE_FIELDS = tuple(AgenceInput.__dataclass_fields__)


# ---------------------------------------------------------------- service


class AgencesService(Service):
    # --- settings -------------------------------------------------------------------------
    def alerte_jours(self) -> int:
        from .settings import SettingsService
        value = SettingsService(self.ctx).get(ALERTE_KEY, cv.ALERTE_JOURS)
        return value if isinstance(value, int) and value > 0 else cv.ALERTE_JOURS

    # --- agencies -------------------------------------------------------------------------
    def agences(self) -> list[AgenceData]:
        """Every agency by name, each with its convention in force (or latest)."""
        today, jours = self.today(), self.alerte_jours()
        with self.store.read() as s:
            rows = s.execute(select(AgenceEmploi, Utilisateur.prenom, Utilisateur.nom)
                             .outerjoin(Utilisateur, Utilisateur.id == AgenceEmploi.referent_id)
                             .order_by(func.lower(AgenceEmploi.nom))).all()
            convs: dict[uuid.UUID, list[ConventionData]] = {}
            names = {a.id: a.nom for a, _p, _n in rows}
            for c in s.scalars(select(ConventionAgence)):
                convs.setdefault(c.agence_id, []).append(_convention(c, names[c.agence_id], today, jours))
            return [self._agence(a, p, n, _current(convs.get(a.id, []))) for a, p, n in rows]

    def agence(self, agence_id: uuid.UUID) -> AgenceData:
        return self._find(agence_id)

    def _find(self, agence_id: uuid.UUID) -> AgenceData:
        found = next((a for a in self.agences() if a.id == agence_id), None)
        if found is None:
            raise DomainError("L'agence d'emploi n'existe plus (elle a peut-être été supprimée).")
        return found

    @staticmethod
    def _agence(a: AgenceEmploi, prenom, nom, conv) -> AgenceData:
        referent = f"{prenom} {nom}" if nom else None
        return AgenceData(a.id, a.version, **{f: getattr(a, f) for f in AGENCE_FIELDS},
                          referent_nom=referent, convention=conv)

    @translate_stale
    def save_agence(self, data: AgenceInput, agence_id: uuid.UUID | None = None,
                    version: int | None = None) -> AgenceData:
        data = validate_agence(data)
        with self.store.write() as s:
            self._check_unique(s, data, agence_id)
            if data.referent_id is not None:
                get_or_404(s, Utilisateur, data.referent_id, "Le référent choisi")
            agence = self.load_or_new(s, AgenceEmploi, agence_id, version, "L'agence d'emploi")
            for f in AGENCE_FIELDS:
                setattr(agence, f, getattr(data, f))
            s.flush()
            new_id = agence.id
        return self._find(new_id)

    @staticmethod
    def _check_unique(s, data: AgenceInput, agence_id) -> None:
        if data.siret:
            clash = s.scalar(select(AgenceEmploi.nom).where(AgenceEmploi.siret == data.siret,
                                                             AgenceEmploi.id != agence_id))
            if clash:
                raise ValidationError({"siret": f"SIRET déjà utilisé par l'agence « {clash} »."})

    def delete_agence(self, agence_id: uuid.UUID) -> None:
        """Refused while delegations, orientations or FASTT referrals name the agency."""
        with self.store.write() as s:
            agence = get_or_404(s, AgenceEmploi, agence_id, "L'agence d'emploi")
            used = sum(s.scalar(select(func.count()).where(col == agence_id)) for col in (
                DelegationInterim.agence_id, OrientationAgence.agence_id, OrientationFastt.agence_id))
            if used:
                raise DomainError(
                    f"L'agence « {agence.nom} » est citée dans {used} délégation(s), orientation(s) "
                    "ou orientation(s) FASTT : elle ne peut pas être supprimée.")
            s.execute(delete(ConventionAgence).where(ConventionAgence.agence_id == agence_id))
            s.delete(agence)

    # --- conventions ----------------------------------------------------------------------
    def conventions(self, agence_id: uuid.UUID | None = None) -> list[ConventionData]:
        """Conventions (of one agency when given), latest signature first."""
        today, jours = self.today(), self.alerte_jours()
        with self.store.read() as s:
            q = (select(ConventionAgence, AgenceEmploi.nom)
                 .join(AgenceEmploi, AgenceEmploi.id == ConventionAgence.agence_id)
                 .order_by(ConventionAgence.date_signature.desc()))
            if agence_id is not None:
                q = q.where(ConventionAgence.agence_id == agence_id)
            return [_convention(c, nom, today, jours) for c, nom in s.execute(q)]

    def convention(self, convention_id: uuid.UUID) -> ConventionData:
        found = next((c for c in self.conventions() if c.id == convention_id), None)
        if found is None:
            raise DomainError("La convention n'existe plus (elle a peut-être été supprimée).")
        return found

    def renouvellements(self) -> list[ConventionData]:
        """Conventions whose last day to denounce before a tacit renewal is near (warning window)."""
        due = [c for c in self.conventions() if c.alerte]
        return sorted(due, key=lambda c: c.date_limite_denonciation)

    @translate_stale
    def save_convention(self, agence_id: uuid.UUID, date_signature, duree_annees,
                        date_denonciation=None, convention_id: uuid.UUID | None = None,
                        version: int | None = None) -> ConventionData:
        """Create or edit a convention; dates as ``date`` or ``jj/mm/aaaa`` (French messages)."""
        conv = cv.validate_convention(date_signature, duree_annees, self.today(), date_denonciation)
        with self.store.write() as s:
            get_or_404(s, AgenceEmploi, agence_id, "L'agence d'emploi")
            row = self.load_or_new(s, ConventionAgence, convention_id, version, "La convention")
            row.agence_id = agence_id
            row.date_signature, row.duree_annees = conv.date_signature, conv.duree_annees
            row.date_denonciation = conv.date_denonciation
            s.flush()
            new_id = row.id
        return self.convention(new_id)

    def denoncer(self, convention_id: uuid.UUID, when=None, version: int | None = None) -> ConventionData:
        """Record the denunciation (today by default); it ends the convention at the first
        anniversary whose one-month notice it meets."""
        c = self.convention(convention_id)
        if c.date_denonciation is not None:
            raise DomainError(f"Convention déjà dénoncée le {format_date(c.date_denonciation)}.")
        return self.save_convention(c.agence_id, c.date_signature, c.duree_annees,
                                    when or self.today(), convention_id, version or c.version)

    def delete_convention(self, convention_id: uuid.UUID) -> None:
        with self.store.write() as s:
            s.delete(get_or_404(s, ConventionAgence, convention_id, "La convention"))

    def convention_pdf(self, convention_id: uuid.UUID) -> bytes:
        """The convention printed from the annex 2 model, with both parties filled in."""
        from ..reports.convention_pdf import ConventionPrint, build_convention_pdf
        from .settings import SettingsService
        c = self.convention(convention_id)
        agence = self._find(c.agence_id)
        settings = SettingsService(self.ctx)
        org = settings.organisation().fields
        logo = settings.get("logo.mission_locale") or org.logo_path
        return build_convention_pdf(ConventionPrint(
            ml_nom=org.nom, ml_adresse=org.adresse, ml_code_postal=org.code_postal,
            ml_commune=org.commune, ml_representant=settings.get(REPRESENTANT_KEY),
            ml_logo=logo, referent=agence.referent_nom, agence_nom=agence.nom,
            agence_reseau=agence.reseau,
            agence_siret=format_siret(agence.siret) if agence.siret else None, agence_adresse=agence.adresse,
            agence_code_postal=agence.code_postal, agence_commune=agence.commune,
            agence_representant=agence.contact_nom, date_signature=c.date_signature,
            duree_annees=c.duree_annees), edition=self.today())

    # --- orientations ---------------------------------------------------------------------
    def orienter(self, jeune_id: uuid.UUID, agence_id: uuid.UUID, when=None) -> OrientationData:
        """A young person oriented to an agency (today by default); written in their journal."""
        from ..domain.dates import parse_date
        when = parse_date(when, "date d'orientation") or self.today()
        if when > self.today():
            raise ValidationError({"date": f"Date d'orientation {format_date(when)} : "
                                           "elle est dans le futur."})
        with self.store.write() as s:
            get_or_404(s, Jeune, jeune_id, "La fiche du jeune")
            agence = get_or_404(s, AgenceEmploi, agence_id, "L'agence d'emploi")
            row = OrientationAgence(jeune_id=jeune_id, agence_id=agence_id, date=when,
                                    conseiller_id=self.ctx.user.id)
            self.stamp_new(row)
            s.add(row)
            s.flush()
            record_event(s, jeune_id=jeune_id, when=when, type="prescription", author=self.ctx.author,
                         note=f"Orientation vers l'agence d'emploi {agence.nom}",
                         conseiller_id=self.ctx.user.id, source_type=ORIENTATION_SOURCE,
                         source_id=row.id)
            return OrientationData(row.id, row.version, jeune_id, agence_id, agence.nom, when)

    def orientations(self, jeune_id: uuid.UUID) -> list[OrientationData]:
        with self.store.read() as s:
            rows = s.execute(select(OrientationAgence, AgenceEmploi.nom)
                             .join(AgenceEmploi, AgenceEmploi.id == OrientationAgence.agence_id)
                             .where(OrientationAgence.jeune_id == jeune_id)
                             .order_by(OrientationAgence.date.desc()))
            return [OrientationData(o.id, o.version, o.jeune_id, o.agence_id, nom, o.date)
                    for o, nom in rows]

    def delete_orientation(self, orientation_id: uuid.UUID) -> None:
        """Removes the orientation and the journal line it wrote."""
        with self.store.write() as s:
            row = get_or_404(s, OrientationAgence, orientation_id, "L'orientation")
            s.execute(delete(Evenement).where(Evenement.source_type == ORIENTATION_SOURCE,
                                              Evenement.source_id == orientation_id))
            s.delete(row)
