"""Young people's files (dossier jeune): read, create with a duplicate warning, edit with
optimistic locking, archive, reassign the référent, and the list source of the « Jeunes » page.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from ..domain import cotraitance as cot
from ..domain import retention
from ..domain.retention import CEJ
from ..domain.dates import age_on, format_date, parse_date
from ..domain.errors import DomainError, DuplicateWarning, Problems, ValidationError
from ..domain.codes import check_code
from ..domain.jeunes import PROGRAMMES, JeuneInput, check_age_eligible, label, validate_jeune
from ..domain.text import fold
from ..persistence.models import Cotraitance, Jeune, Programme, Site, Utilisateur, utcnow
from .base import Service, check_version, chunks, get_or_404, translate_stale

JEUNE_FIELDS = tuple(f.name for f in fields(JeuneInput))
FLAG_FIELDS = ("indemnise", "qpv", "zrr", "rqth", "permis_b", "vehicule")
WHAT = "La fiche du jeune"
CHUNK = 500


@dataclass(frozen=True)
class CotraitanceSummary:
    """The cotraitance of a young person as lists and the fiche show it."""

    phase: str | None = None
    etat: int | None = None
    date_fin_prevue: date | None = None
    motif_fin_prevue: str | None = None
    date_affectation: date | None = None
    date_acceptation: date | None = None
    date_initialisation: date | None = None
    date_etat: date | None = None
    date_radiation: date | None = None
    date_sortie: date | None = None
    motif_sortie: str | None = None

    @property
    def phase_label(self) -> str:
        return label(cot.PHASES, self.phase or cot.PHASE_AUCUNE)

    @property
    def etat_label(self) -> str:
        return dict(cot.ETATS).get(self.etat, "") if self.etat else ""

    @property
    def motif_fin_label(self) -> str:
        return label(cot.FIN_RAISONS, self.motif_fin_prevue)

    @property
    def motif_sortie_label(self) -> str:
        return label(cot.MOTIFS_SORTIE, self.motif_sortie)


@dataclass(frozen=True)
class JeuneDetail(JeuneInput):
    """Everything the fiche shows: the identity fields of JeuneInput (normalised, dates as
    ``date``), follow-up, cotraitance summary, and the version to send back when saving."""

    id: uuid.UUID | None = None
    version: int = 0
    age: int = 0
    referent_id: uuid.UUID | None = None
    referent_nom: str = ""
    site_id: uuid.UUID | None = None
    site_nom: str = ""
    programmes: tuple[str, ...] = ()
    archive: bool = False
    anonymise_le: date | None = None
    cej_debut: date | None = None
    cej_fin: date | None = None
    conservation: str = ""  # domain.retention: until when the file stays identifiable, and why
    cotraitance: CotraitanceSummary = CotraitanceSummary()
    updated_at: datetime | None = None
    updated_by: str | None = None

    @property
    def nom_complet(self) -> str:
        return f"{self.nom} {self.prenom}"

    def as_input(self) -> JeuneInput:
        return JeuneInput(**{f: getattr(self, f) for f in JEUNE_FIELDS})


@dataclass(frozen=True)
class DuplicateMatch:
    id: uuid.UUID
    nom: str
    prenom: str
    date_naissance: date
    identifiant_ft: str | None
    archive: bool
    same_identifiant: bool

    @property
    def description(self) -> str:
        text = f"{self.nom} {self.prenom}, né(e) le {format_date(self.date_naissance)}"
        if self.identifiant_ft:
            text += f", identifiant France Travail {self.identifiant_ft}"
        return text + (" (fiche archivée)" if self.archive else "")


class JeuneDuplicateWarning(DuplicateWarning):
    """A probable duplicate: ``matches`` describe them, ``ids`` let the GUI open them."""

    def __init__(self, found: list[DuplicateMatch]):
        lines = "\n".join(f"• {m.description}" for m in found)
        super().__init__("Une fiche existe peut-être déjà pour ce jeune (même nom, prénom et date "
                         f"de naissance) :\n{lines}", [m.description for m in found])
        self.ids = [m.id for m in found]


def programme_codes(programmes: Iterable[str] | None) -> tuple[str, ...]:
    """Known programme codes, sorted and without repeats; an unknown code is refused."""
    codes = {check_code(PROGRAMMES, c, "programmes", "Programme") for c in programmes or ()}
    return tuple(sorted(c for c in codes if c))


def _match_query(nom, prenom, born: date | None, ident: str | None):
    conds = []
    if ident:
        conds.append(Jeune.identifiant_ft == ident)
    if fold(nom) and fold(prenom) and born is not None:
        conds.append((Jeune.nom_fold == fold(nom)) & (Jeune.prenom_fold == fold(prenom))
                     & (Jeune.date_naissance == born))
    return or_(*conds) if conds else None


def _apply(j: Jeune, data: JeuneInput, referent_id, site_id) -> None:
    for name in JEUNE_FIELDS:
        value = getattr(data, name)
        setattr(j, name, bool(value) if name in FLAG_FIELDS else value)
    j.nom_fold, j.prenom_fold = fold(data.nom), fold(data.prenom)
    j.commune_fold = fold(data.commune) or None
    j.referent_id, j.site_id = referent_id, site_id
    j.updated_at = utcnow()  # a save always bumps the version, even if only programmes changed


def _sync_programmes(s: Session, j: Jeune, codes: tuple[str, ...], today: date, cej=None) -> None:
    """Programmes ticked are kept (a new one starts today), the others removed; ``cej``:
    (début, fin) of the CEJ to record, None to leave its dates as they are."""
    current = {p.code: p for p in s.scalars(select(Programme).where(Programme.jeune_id == j.id))}
    for code, prog in current.items():
        if code not in codes:
            s.delete(prog)
    for code in codes:
        if code not in current:
            current[code] = Programme(jeune_id=j.id, code=code, date_debut=today)
            s.add(current[code])
    if cej is not None and CEJ in codes:
        current[CEJ].date_debut = cej[0] or current[CEJ].date_debut
        current[CEJ].date_fin = cej[1]


def _durees(s: Session) -> retention.Durees:
    from ..persistence.models import Parametre
    import json
    rows = s.scalars(select(Parametre).where(Parametre.cle.in_(retention.SETTING_KEYS.values())))
    return retention.Durees.from_settings({r.cle: json.loads(r.valeur) for r in rows})


def _validate_cej(cej, codes) -> tuple[date | None, date | None] | None:
    """The CEJ's (début, fin) typed on the fiche, checked; None when not given."""
    if cej is None:
        return None
    p = Problems()
    debut = p.check("cej_debut", parse_date, cej[0], "début du CEJ")
    fin = p.check("cej_fin", parse_date, cej[1], "fin du CEJ")
    if (debut or fin) and CEJ not in codes:
        p.add("cej_debut", "Dates du CEJ : cochez aussi le programme CEJ.")
    if debut and fin and fin < debut:
        p.add("cej_fin", "Fin du CEJ : elle ne peut pas précéder son début.")
    p.raise_if_any()
    return debut, fin


def _cotraitance(s: Session, j: Jeune) -> CotraitanceSummary:
    c = s.scalars(select(Cotraitance).where(Cotraitance.jeune_id == j.id)
                  .order_by(Cotraitance.date_affectation.desc(), Cotraitance.created_at.desc())
                  .limit(1)).first()
    base = dict(phase=j.cotra_phase, etat=j.cotra_etat, date_fin_prevue=j.date_fin_prevue)
    if c is None:
        return CotraitanceSummary(**base)
    return CotraitanceSummary(
        **base, motif_fin_prevue=c.motif_fin_prevue, date_affectation=c.date_affectation,
        date_acceptation=c.date_acceptation, date_initialisation=c.date_initialisation,
        date_etat=c.date_etat, date_radiation=c.date_radiation, date_sortie=c.date_sortie,
        motif_sortie=c.motif_sortie)


def reception(j: Jeune) -> tuple[date, date]:
    """The stored ``(birth, reception)`` dates of a file. A file saved before the reception date
    existed (none recorded) counts from the day it was created."""
    return j.date_naissance, j.date_premier_accueil or (j.created_at or utcnow()).date()


def check_affectations(s: Session, jeune_id, born: date) -> None:
    """A new birth date must keep the young person 16-25 on every affectation in cotraitance
    (the entry is measured on that day, domain.cotraitance)."""
    dates = s.scalars(select(Cotraitance.date_affectation).where(Cotraitance.jeune_id == jeune_id)
                      .order_by(Cotraitance.date_affectation))
    for when in dates:
        try:
            check_age_eligible(born, when, " (affectation en cotraitance)")
        except DomainError as err:
            raise ValidationError({"date_naissance": err.message}) from None


def _user_name(s: Session, user_id) -> str:
    u = s.get(Utilisateur, user_id) if user_id else None
    return f"{u.prenom} {u.nom}" if u else ""


def detail(s: Session, j: Jeune, today: date) -> JeuneDetail:
    """The frozen view of one young person, read inside the caller's session."""
    site = s.get(Site, j.site_id) if j.site_id else None
    progs = s.execute(select(Programme.code, Programme.date_debut, Programme.date_fin)
                      .where(Programme.jeune_id == j.id).order_by(Programme.code)).all()
    cej = next((p for p in progs if p.code == CEJ), None)
    if j.anonymise_le is None:
        e = retention.echeance(j.date_naissance, [(p.code, p.date_fin) for p in progs], j.cotra_phase,
                               _durees(s))
        conservation = e.describe(today)
    else:
        conservation = f"Dossier anonymisé le {format_date(j.anonymise_le)}"
    return JeuneDetail(
        **{f: getattr(j, f) for f in JEUNE_FIELDS}, id=j.id, version=j.version,
        age=age_on(j.date_naissance, today), referent_id=j.referent_id,
        referent_nom=_user_name(s, j.referent_id), site_id=j.site_id,
        site_nom=site.nom if site else "", programmes=tuple(p.code for p in progs),
        archive=bool(j.archive), anonymise_le=j.anonymise_le,
        cej_debut=cej.date_debut if cej else None, cej_fin=cej.date_fin if cej else None,
        conservation=conservation,
        cotraitance=_cotraitance(s, j), updated_at=j.updated_at, updated_by=j.updated_by)


class JeunesService(Service):
    # --- reading --------------------------------------------------------------------------
    def get(self, jeune_id: uuid.UUID) -> JeuneDetail:
        with self.store.read() as s:
            return detail(s, get_or_404(s, Jeune, jeune_id, WHAT), self.today())

    def has_any(self) -> bool:
        """True when the store holds at least one young person (archived included)."""
        with self.store.read() as s:
            return s.scalar(select(Jeune.id).limit(1)) is not None

    def fiche(self, jeune_id: uuid.UUID):
        """The plain data of the printable fiche (reports.fiche_jeune.FicheJeune)."""
        from .jeunes_fiche import fiche_data
        with self.store.read() as s:
            return fiche_data(s, detail(s, get_or_404(s, Jeune, jeune_id, WHAT), self.today()), self.today())

    def fiche_pdf(self, jeune_id: uuid.UUID) -> bytes:
        """The one-page A4 fiche jeune as PDF bytes."""
        from ..reports.fiche_jeune import build_fiche_jeune
        return build_fiche_jeune(self.fiche(jeune_id))

    def source(self):
        from .jeunes_list import JeunesListSource
        return JeunesListSource(self.ctx)

    def find_duplicates(self, nom: str | None, prenom: str | None, date_naissance: date | str | None,
                        identifiant_ft: str | None = None,
                        exclude_id: uuid.UUID | None = None) -> list[DuplicateMatch]:
        """Files with the same France Travail identifier, or the same folded name, first name
        and birth date (« Éloïse » = « ELOISE »)."""
        born = parse_date(date_naissance, "date de naissance")
        with self.store.read() as s:
            return self._matches(s, nom, prenom, born, identifiant_ft, exclude_id)

    def _matches(self, s, nom, prenom, born, ident, exclude_id) -> list[DuplicateMatch]:
        ident = "".join((ident or "").split()).upper() or None
        cond = _match_query(nom, prenom, born, ident)
        if cond is None:
            return []
        q = select(Jeune).where(cond).order_by(Jeune.nom_fold, Jeune.prenom_fold).limit(20)
        if exclude_id is not None:
            q = q.where(Jeune.id != exclude_id)
        return [DuplicateMatch(j.id, j.nom, j.prenom, j.date_naissance, j.identifiant_ft,
                               bool(j.archive), bool(ident) and j.identifiant_ft == ident)
                for j in s.scalars(q)]

    # --- writing --------------------------------------------------------------------------
    def create(self, data: JeuneInput, referent_id: uuid.UUID | None = None,
               site_id: uuid.UUID | None = None, programmes: Iterable[str] = (),
               force: bool = False, cej=None) -> JeuneDetail:
        """Create a file. Raises ValidationError (fields), or JeuneDuplicateWarning when a
        probable duplicate exists and ``force`` is False. A France Travail identifier already
        used is always refused (it is unique)."""
        data, codes = self._validated(data, programmes, creating=True)
        cej = _validate_cej(cej, codes)
        with self.store.write() as s:
            self._check_links(s, data, referent_id, site_id, None)
            if not force:
                self._warn_duplicates(s, data)
            j = Jeune(archive=False)
            self.stamp_new(j)
            _apply(j, data, referent_id, site_id)
            s.add(j)
            s.flush()
            _sync_programmes(s, j, codes, self.today(), cej)
            s.flush()
            return detail(s, j, self.today())

    @translate_stale
    def update(self, jeune_id: uuid.UUID, data: JeuneInput, referent_id: uuid.UUID | None,
               site_id: uuid.UUID | None, programmes: Iterable[str], version: int,
               cej=None) -> JeuneDetail:
        """Save an edited file read at ``version``; ConflictError if someone saved it since.
        A new birth or reception date is checked like on creation (16-25 on the reception
        date, and on the affectation date of each cotraitance). ``cej``: the CEJ's (début,
        fin), None to leave them as they are."""
        with self.store.write() as s:
            j = get_or_404(s, Jeune, jeune_id, WHAT)
            check_version(j, version)
            data, codes = self._validated(data, programmes, creating=False, stored=reception(j))
            cej = _validate_cej(cej, codes)
            if data.date_naissance != j.date_naissance:
                check_affectations(s, j.id, data.date_naissance)
            kept = referent_id == j.referent_id  # a référent since deactivated may stay
            self._check_links(s, data, None if kept else referent_id, site_id, jeune_id)
            self.stamp(j)
            born_before = j.date_naissance
            _apply(j, data, referent_id, site_id)
            _sync_programmes(s, j, codes, self.today(), cej)
            s.flush()
            if j.date_naissance != born_before:  # the date de fin prévue depends on it
                from .cotraitance import resync_jeune
                resync_jeune(s, j.id)
                s.refresh(j)
            return detail(s, j, self.today())

    @translate_stale
    def archive(self, jeune_id: uuid.UUID, version: int) -> JeuneDetail:
        """Hide the file from the list (kept with its journal; ``unarchive`` brings it back)."""
        return self._set_archive(jeune_id, version, True)

    @translate_stale
    def unarchive(self, jeune_id: uuid.UUID, version: int) -> JeuneDetail:
        return self._set_archive(jeune_id, version, False)

    def _set_archive(self, jeune_id, version, value: bool) -> JeuneDetail:
        with self.store.write() as s:
            j = get_or_404(s, Jeune, jeune_id, WHAT)
            check_version(j, version)
            self.stamp(j)
            j.archive, j.updated_at = value, utcnow()
            s.flush()
            return detail(s, j, self.today())

    def archive_many(self, jeune_ids: Iterable[uuid.UUID]) -> int:
        """Archive these files in one transaction (all or none); returns how many were not
        archived yet. Their version moves on, so a fiche open elsewhere will not overwrite it."""
        ids = list(dict.fromkeys(jeune_ids))
        if not ids:
            raise DomainError("Sélectionnez au moins une fiche à archiver.")
        done = 0
        with self.store.write() as s:
            for chunk in chunks(ids, CHUNK):
                for j in s.scalars(select(Jeune).where(Jeune.id.in_(chunk), Jeune.archive.is_(False))):
                    self.stamp(j)
                    j.archive, j.updated_at = True, utcnow()
                    done += 1
        return done

    def reassign(self, jeune_ids: Iterable[uuid.UUID], referent_id: uuid.UUID) -> int:
        """Give all these young people the same référent, in one transaction; returns how many
        files changed. Their version moves on, so a fiche open elsewhere will not overwrite it."""
        ids = list(dict.fromkeys(jeune_ids))
        if not ids:
            raise DomainError("Sélectionnez au moins un jeune à réaffecter.")
        with self.store.write() as s:
            self._check_referent(s, referent_id, required=True)
            return sum(self._reassign_chunk(s, chunk, referent_id) for chunk in chunks(ids, CHUNK))

    def _reassign_chunk(self, s: Session, ids: list, referent_id) -> int:
        stmt = (update(Jeune).where(Jeune.id.in_(ids))
                .values(referent_id=referent_id, version=Jeune.version + 1,
                        updated_by=self.ctx.author, updated_at=utcnow())
                .execution_options(synchronize_session=False))
        return s.execute(stmt).rowcount

    # --- checks ---------------------------------------------------------------------------
    def _validated(self, data: JeuneInput, programmes, creating: bool, stored=None):
        """The normalised file and programme codes, or one ValidationError listing all problems."""
        p = Problems()
        codes = p.check("programmes", programme_codes, programmes) or ()
        try:
            data = validate_jeune(data, self.today(), creating=creating, stored=stored)
        except ValidationError as err:
            p.items = err.problems | p.items
        p.raise_if_any()
        return data, codes

    def _check_links(self, s: Session, data: JeuneInput, referent_id, site_id, self_id) -> None:
        problems = {}
        for name, check in (("referent", lambda: self._check_referent(s, referent_id)),
                            ("site", lambda: self._check_site(s, site_id)),
                            ("identifiant_ft", lambda: self._check_identifiant(s, data, self_id))):
            try:
                check()
            except DomainError as err:
                problems[name] = err.message
        if problems:
            raise ValidationError(problems)

    @staticmethod
    def _check_referent(s: Session, referent_id, required: bool = False) -> None:
        if referent_id is None:
            if required:
                raise DomainError("Référent : choisissez un conseiller.", "referent")
            return
        user = s.get(Utilisateur, referent_id)
        if user is None or not user.actif:
            raise DomainError("Référent : ce conseiller n'existe plus ou n'est plus actif.", "referent")

    @staticmethod
    def _check_site(s: Session, site_id) -> None:
        if site_id is not None and s.get(Site, site_id) is None:
            raise DomainError("Site : ce site n'existe plus.", "site")

    def _check_identifiant(self, s: Session, data: JeuneInput, self_id) -> None:
        if not data.identifiant_ft:
            return
        q = select(Jeune).where(Jeune.identifiant_ft == data.identifiant_ft)
        other = s.scalars(q.where(Jeune.id != self_id) if self_id else q).first()
        if other is not None:
            archived = " (fiche archivée)" if other.archive else ""
            raise DomainError(
                f"Identifiant France Travail {data.identifiant_ft} : déjà attribué à {other.nom} "
                f"{other.prenom}, né(e) le {format_date(other.date_naissance)}{archived}. "
                "Ouvrez sa fiche plutôt que d'en créer une seconde.", "identifiant_ft")

    def _warn_duplicates(self, s: Session, data: JeuneInput) -> None:
        found = self._matches(s, data.nom, data.prenom, data.date_naissance, None, None)
        if found:
            raise JeuneDuplicateWarning(found)

    def count(self, include_archived: bool = False) -> int:
        with self.store.read() as s:
            q = select(func.count()).select_from(Jeune)
            return s.scalar(q if include_archived else q.where(Jeune.archive.is_(False)))
