"""Job offers: collection, delegation, the offer's life, the agent dédié's queue, the ROME referential.

The domain (``domain.offres``) decides; this service loads, checks duplicates and stores, and
writes one dated history row per step. Refusals are French ``DomainError`` naming the field.
"""

from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import func, insert, literal_column, select, update

from ..domain import offres as dom
from ..domain import rome
from ..domain.dates import format_date
from ..domain.errors import DomainError, DuplicateWarning, Problems, ValidationError
from ..domain.text import fold
from ..persistence.models import Entreprise, MiseEnRelation, Offre, OffreHistorique, PlateformeVocation, utcnow
from .base import Service, check_version, get_or_404, translate_stale
from .offres_data import (
    HistoriqueData, OffreData, OffreSummary, QueueItem, offre_data, offre_summaries, to_model,
)

RAISON_CONSEILLER = "Décision du conseiller : délégation de la mise en relation"
ROME_FILE = Path("referentiels") / "rome.csv"


def delegation_of(data: dom.OffreInput, choix_conseiller: bool, plan_action: bool) -> tuple[bool, str | None]:
    """The domain rule first (FT, FU, E2, FS, MRS, plan d'action); otherwise the adviser's choice."""
    auto, raison = dom.delegation(data.nature_contrat, data.mrs, plan_action)
    if auto:
        return True, raison
    return (True, RAISON_CONSEILLER) if choix_conseiller else (False, None)


class OffresService(Service):
    # --- ROME referential ------------------------------------------------------------------
    def _rome_path(self) -> Path | None:
        path = self.store.data_dir / ROME_FILE
        return path if path.exists() else None

    def referentiel(self) -> dict[str, str]:
        """Code -> libellé: the file an administrator imported, else the one shipped."""
        return rome.load_referentiel(self._rome_path())

    def rome_origin(self) -> str:
        path = self._rome_path()
        if path is None:
            return "Référentiel ROME fourni avec l'application (France Travail, ROME 4.0)"
        when = date.fromtimestamp(path.stat().st_mtime)
        return f"Référentiel ROME importé le {format_date(when)}"

    def libelle_rome(self, code: str | None) -> str | None:
        return self.referentiel().get(rome.normalize_code_rome(code)) if code else None

    def search_rome(self, query: str, limit: int = 30) -> list[tuple[str, str]]:
        return rome.search_rome(query, self.referentiel(), limit)

    def import_rome(self, source: str | Path | bytes) -> int:
        """Replace the referential with an official CSV (administrators only); all or nothing."""
        if self.ctx.user.role != "admin":
            raise DomainError("Seul un administrateur peut importer le référentiel ROME.", "fichier")
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        parsed = rome.parse_rome_csv(data)
        target = self.store.data_dir / ROME_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text("code;libelle\n" + "".join(f"{c};{lb}\n" for c, lb in parsed.items()),
                       encoding="utf-8")
        os.replace(tmp, target)
        rome.clear_referentiel_cache()
        return len(parsed)

    # --- reading ---------------------------------------------------------------------------
    def get(self, offre_id: uuid.UUID) -> OffreData:
        with self.store.read() as s:
            return self._data(s, get_or_404(s, Offre, offre_id, "L'offre"))

    def _data(self, s, offre: Offre) -> OffreData:
        ent = s.get(Entreprise, offre.entreprise_id) if offre.entreprise_id else None
        pf = s.get(PlateformeVocation, offre.plateforme_id) if offre.plateforme_id else None
        return offre_data(offre, ent, pf.nom if pf else None, self.today())

    def historique(self, offre_id: uuid.UUID) -> list[HistoriqueData]:
        q = (select(OffreHistorique).where(OffreHistorique.offre_id == offre_id)
             .order_by(OffreHistorique.created_at, literal_column("offre_historique.rowid")))
        with self.store.read() as s:
            return [HistoriqueData(h.date, h.statut, dom.STATUT_LABELS.get(h.statut, h.statut),
                                   h.commentaire, h.auteur) for h in s.scalars(q)]

    def for_entreprise(self, entreprise_id: uuid.UUID) -> list[OffreSummary]:
        with self.store.read() as s:
            return offre_summaries(s, Offre.entreprise_id == entreprise_id, self.today())

    def count(self) -> int:
        with self.store.read() as s:
            return s.scalar(select(func.count()).select_from(Offre))

    # --- collecting and editing ------------------------------------------------------------
    @translate_stale
    def create(self, data: dom.OffreInput, entreprise_id: uuid.UUID | None, *,
               delegation_conseiller: bool = False, plan_action: bool = False,
               plateforme_id: uuid.UUID | None = None, a_saisir: bool = True,
               force: bool = False) -> OffreData:
        """Record a collected offer (history « recueillie »), and by default hand it to the
        agent dédié (« à saisir »). ``DuplicateWarning`` if the same offer exists (same
        intitulé, employer and date de recueil) unless ``force``."""
        data = self._validate(data, entreprise_id, plateforme_id)
        with self.store.write() as s:
            self._check_refs(s, entreprise_id, plateforme_id)
            if not force:
                self._check_duplicate(s, data, entreprise_id, None)
            offre = Offre(statut=dom.RECUEILLIE, date_statut=data.date_recueil, site_id=self.ctx.site_id)
            self.stamp_new(offre)
            self._fill(offre, data, entreprise_id, delegation_conseiller, plan_action, plateforme_id)
            s.add(offre)
            s.flush()
            self._history(s, offre, dom.RECUEILLIE, data.date_recueil, self._recueil_comment(offre))
            if a_saisir:
                self._move(s, offre, dom.A_SAISIR, self.today(), "Transmise à l'agent dédié pour saisie")
            s.flush()
            return self._data(s, offre)

    @translate_stale
    def update(self, offre_id: uuid.UUID, data: dom.OffreInput, entreprise_id: uuid.UUID | None,
               version: int | None = None, *, delegation_conseiller: bool = False,
               plan_action: bool = False, plateforme_id: uuid.UUID | None = None,
               force: bool = False) -> OffreData:
        data = self._validate(data, entreprise_id, plateforme_id)
        with self.store.write() as s:
            offre = get_or_404(s, Offre, offre_id, "L'offre")
            check_version(offre, version)
            if offre.statut in dom.STATUTS_TERMINAUX:
                raise DomainError(f"L'offre est « {dom.STATUT_LABELS[offre.statut]} » : elle ne peut "
                                  "plus être modifiée.", "statut")
            self._check_refs(s, entreprise_id, plateforme_id)
            if not force:
                self._check_duplicate(s, data, entreprise_id, offre_id)
            self.stamp(offre)
            self._fill(offre, data, entreprise_id, delegation_conseiller, plan_action, plateforme_id)
            s.flush()
            return self._data(s, offre)

    def _validate(self, data, entreprise_id, plateforme_id) -> dom.OffreInput:
        p = Problems()
        if entreprise_id is None:
            p.add("entreprise", "Entreprise : choisissez l'employeur de l'offre (ou créez-le).")
        try:
            data = dom.validate_offre(data, self.libelle_rome, self.today())
        except ValidationError as err:
            for name, message in err.problems.items():
                p.add(name, message)
        else:
            if data.duree_mois is not None and float(data.duree_mois) != int(data.duree_mois):
                p.add("duree_mois", f"Durée du contrat {data.duree_mois:g} mois : un nombre entier "
                                    "de mois est attendu.")
        if plateforme_id is not None and not data.mrs:
            p.add("plateforme", "Plateforme de vocation : seulement pour une offre recrutée par MRS.")
        p.raise_if_any()
        return data

    @staticmethod
    def _check_refs(s, entreprise_id, plateforme_id) -> None:
        get_or_404(s, Entreprise, entreprise_id, "L'entreprise")
        if plateforme_id is not None:
            get_or_404(s, PlateformeVocation, plateforme_id, "La plateforme de vocation")

    @staticmethod
    def _check_duplicate(s, data: dom.OffreInput, entreprise_id, own_id) -> None:
        q = select(Offre.id, Offre.statut).where(
            Offre.intitule_fold == fold(data.intitule), Offre.entreprise_id == entreprise_id,
            Offre.date_recueil == data.date_recueil)
        if own_id is not None:
            q = q.where(Offre.id != own_id)
        clash = s.execute(q).first()
        if clash is not None:
            raison = s.scalar(select(Entreprise.raison_sociale).where(Entreprise.id == entreprise_id))
            err = DuplicateWarning(
                f"Intitulé de l'offre : « {data.intitule} » chez {raison}, recueillie le "
                f"{format_date(data.date_recueil)}, est déjà enregistrée "
                f"({dom.STATUT_LABELS.get(clash.statut, clash.statut)}). Offre saisie deux fois ?",
                [str(clash.id)])
            err.field = "intitule"
            raise err

    def _fill(self, offre: Offre, data: dom.OffreInput, entreprise_id, choix: bool,
              plan_action: bool, plateforme_id) -> None:
        to_model(offre, data, self.libelle_rome(data.code_rome))
        offre.entreprise_id = entreprise_id
        offre.delegation, offre.motif_delegation = delegation_of(data, choix, plan_action)
        offre.plateforme_id = plateforme_id

    @staticmethod
    def _recueil_comment(offre: Offre) -> str:
        source = dict(dom.SOURCES).get(offre.source or "", None)
        text = f"Offre recueillie{f' ({source})' if source else ''}"
        return f"{text}. {offre.motif_delegation}" if offre.delegation else f"{text}. Sans délégation."

    # --- the offer's life ------------------------------------------------------------------
    def _history(self, s, offre: Offre, statut: str, when: date, commentaire: str | None) -> None:
        s.add(OffreHistorique(offre_id=offre.id, date=when, statut=statut,
                              commentaire=commentaire, auteur=self.ctx.author))

    def _move(self, s, offre: Offre, target: str, when: date, commentaire: str | None, **details):
        offre.statut = dom.transition(offre.statut, target, today=self.today(), **details)
        offre.date_statut = when
        self.stamp(offre)
        self._history(s, offre, target, when, commentaire)

    @translate_stale
    def _change(self, offre_id, target, version, commentaire, when=None, **details) -> OffreData:
        with self.store.write() as s:
            offre = get_or_404(s, Offre, offre_id, "L'offre")
            check_version(offre, version)
            self._move(s, offre, target, when or self.today(), commentaire, **details)
            s.flush()
            return self._data(s, offre)

    def mettre_a_saisir(self, offre_id: uuid.UUID, version: int | None = None) -> OffreData:
        return self._change(offre_id, dom.A_SAISIR, version, "Transmise à l'agent dédié pour saisie")

    def marquer_pourvue(self, offre_id: uuid.UUID, version: int | None = None,
                        commentaire: str | None = None) -> OffreData:
        return self._change(offre_id, dom.POURVUE, version, commentaire or "Offre pourvue")

    def annuler(self, offre_id: uuid.UUID, version: int | None = None,
                motif: str | None = None) -> OffreData:
        return self._change(offre_id, dom.ANNULEE, version, motif or "Offre annulée")

    @translate_stale
    def marquer_saisie(self, offre_id: uuid.UUID, numero_ft: str, date_saisie: date | str | None = None,
                       saisie_par: str | None = None, version: int | None = None) -> OffreData:
        """The agent keyed the offer at France Travail: number (format checked, unique), date
        (default today), by whom (default the current user). The offer leaves the queue."""
        when = date_saisie if date_saisie not in (None, "") else self.today()
        par = saisie_par if saisie_par is not None else self.ctx.author
        saisie = dom.validate_saisie_ft(numero_ft, when, par, self.today())
        with self.store.write() as s:
            offre = get_or_404(s, Offre, offre_id, "L'offre")
            check_version(offre, version)
            if saisie.date_saisie < offre.date_recueil:
                raise ValidationError({"date_saisie": (
                    f"Date de saisie {format_date(saisie.date_saisie)} : elle précède le recueil de "
                    f"l'offre le {format_date(offre.date_recueil)}.")})
            other = s.scalar(select(Offre.intitule).where(Offre.numero_ft == saisie.numero_offre_ft,
                                                          Offre.id != offre_id))
            if other is not None:
                raise ValidationError({"numero_offre_ft": (
                    f"Numéro d'offre France Travail {saisie.numero_offre_ft} : déjà attribué à "
                    f"l'offre « {other} ».")})
            self._move(s, offre, dom.SAISIE, saisie.date_saisie,
                       f"Saisie chez France Travail sous le n° {saisie.numero_offre_ft} par {saisie.saisie_par}",
                       numero_offre_ft=saisie.numero_offre_ft, date_saisie=saisie.date_saisie,
                       saisie_par=saisie.saisie_par)
            offre.numero_ft = saisie.numero_offre_ft
            offre.date_saisie_ft = saisie.date_saisie
            offre.saisie_par = saisie.saisie_par
            s.flush()
            return self._data(s, offre)

    def expire_overdue(self) -> int:
        """Offers keyed at France Travail whose end date is past become « expirée », with a
        history row dated today. Bulk statements: thousands of offers (after an import or a long
        absence) expire in well under a second. Returns how many changed."""
        today = self.today()
        with self.store.write() as s:
            rows = s.execute(select(Offre.id, Offre.statut, Offre.date_fin).where(
                Offre.statut == dom.SAISIE, Offre.date_fin < today)).all()
            due = [r for r in rows if dom.doit_expirer(r.statut, r.date_fin, today)]
            for r in due:
                dom.transition(r.statut, dom.EXPIREE)
            if not due:
                return 0
            s.execute(insert(OffreHistorique), [dict(
                id=uuid.uuid4(), offre_id=r.id, date=today, statut=dom.EXPIREE, auteur=self.ctx.author,
                commentaire=f"Expirée automatiquement : date de fin {format_date(r.date_fin)} dépassée")
                for r in due])
            ids = [r.id for r in due]
            for start in range(0, len(ids), 500):
                s.execute(update(Offre).where(Offre.id.in_(ids[start:start + 500]), Offre.statut == dom.SAISIE)
                          .values(statut=dom.EXPIREE, date_statut=today, version=Offre.version + 1,
                                  updated_by=self.ctx.author, updated_at=utcnow())
                          .execution_options(synchronize_session=False))
            return len(due)

    # --- the agent dédié's queue -----------------------------------------------------------
    def queue(self) -> list[QueueItem]:
        """Offers « à saisir », oldest first (date de recueil, then arrival in the queue)."""
        today = self.today()
        q = (select(Offre.id, Offre.intitule, Offre.code_rome, Offre.commune, Offre.date_recueil,
                    Offre.date_statut, Offre.date_fin, Offre.delegation, Offre.version,
                    Entreprise.raison_sociale)
             .outerjoin(Entreprise, Entreprise.id == Offre.entreprise_id)
             .where(Offre.statut == dom.A_SAISIR)
             .order_by(Offre.date_recueil, Offre.date_statut, Offre.created_at))
        with self.store.read() as s:
            return [QueueItem(r.id, r.version, r.intitule, r.raison_sociale, r.code_rome, r.commune,
                              r.date_recueil, (today - r.date_recueil).days, r.date_fin,
                              bool(r.date_fin and r.date_fin < today), r.delegation)
                    for r in s.execute(q)]

    def queue_count(self) -> int:
        with self.store.read() as s:
            return s.scalar(select(func.count()).select_from(Offre).where(Offre.statut == dom.A_SAISIR))

    def fiche_saisie(self, offre_id: uuid.UUID) -> list[tuple[str, str]]:
        """The read-only entry sheet: the employer first, then the offer in France Travail's order."""
        data = self.get(offre_id)
        head = [("Employeur : raison sociale", data.entreprise or ""),
                ("Employeur : SIRET", data.siret_affiche)]
        return head + dom.fiche_saisie_ft(data.fields, data.libelle_rome)

    # --- lists -----------------------------------------------------------------------------
    def list_source(self):
        from .offres_list import OffresList
        return OffresList(self)

    def choices(self, query: str = "", limit: int = 50) -> list[tuple[uuid.UUID, str]]:
        """Open offers (not closed) matching ``query``, most recent first: ``(id, label)``."""
        from .offres_list import search_condition
        q = (select(Offre.id, Offre.intitule, Offre.commune, Offre.numero_ft, Entreprise.raison_sociale)
             .outerjoin(Entreprise, Entreprise.id == Offre.entreprise_id)
             .where(Offre.statut.not_in(dom.STATUTS_TERMINAUX)))
        cond = search_condition(query)
        if cond is not None:
            q = q.where(cond)
        q = q.order_by(Offre.date_recueil.desc(), Offre.intitule_fold).limit(limit)
        with self.store.read() as s:
            return [(r.id, " — ".join(x for x in (r.intitule, r.raison_sociale, r.commune,
                                                  r.numero_ft and f"n° {r.numero_ft}") if x))
                    for r in s.execute(q)]

    def mer_count(self, offre_id: uuid.UUID) -> int:
        with self.store.read() as s:
            return s.scalar(select(func.count()).select_from(MiseEnRelation)
                            .where(MiseEnRelation.offre_id == offre_id))


__all__ = ["OffresService", "OffreData", "OffreSummary", "QueueItem", "HistoriqueData",
           "delegation_of", "RAISON_CONSEILLER"]
