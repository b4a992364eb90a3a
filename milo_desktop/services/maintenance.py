"""Care of the store: backups on demand, and the anonymisation of files past their keeping time
(``domain.retention``), in one transaction after a backup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import bindparam, func, or_, select, update

from ..domain import retention
from ..domain.errors import DomainError
from ..domain.text import fold
from ..exchange.writing import Cancelled
from ..persistence import storefile
from ..persistence.faults import StoreError
from ..persistence.models import (
    BesoinFastt, Cotraitance, CotraitanceEtat, Evenement, Jeune, OrientationFastt, Programme,
)
from ..persistence.models.base import utcnow
from .base import Service, chunks

ANONYMISED_MOTIF = "(texte effacé à l'anonymisation)"  # cotraitance_etat.motif is required
CHUNK = 500  # ids per UPDATE … IN (…)


@dataclass(frozen=True)
class EchuDossier:
    """One file the job would anonymise, as the direction sees it before approving."""
    id: object
    nom: str
    prenom: str
    date_naissance: date
    depuis: date | None
    motif: str


@dataclass(frozen=True)
class Echus:
    """Files past their keeping time, not anonymised yet (``dossiers`` when asked for)."""
    ids: tuple
    dossiers: tuple[EchuDossier, ...] = ()

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Anonymisation:
    """``backup``: the safety copy, kept only when the result could not be verified (it holds
    exactly the erased people: it exists to undo a crash, not to keep them)."""
    count: int
    backup: Path | None
    copie_effacee: bool = False


@dataclass(frozen=True)
class Integrite:
    """The store's quick check: sound, or damaged (then read-only, ``message`` says what to do)."""
    saine: bool
    message: str | None = None


class MaintenanceService(Service):
    def verifier_integrite(self) -> Integrite:
        """SQLite's quick check of the store (about 0.4 s for 700 MB: run it off the GUI
        thread). A damaged store becomes read-only for the rest of the session."""
        damage = self.store.check_integrity()
        return Integrite(True) if damage is None else Integrite(False, damage.message)

    def backup(self, reason: str = "manuelle") -> Path:
        """A copy of the store (SQLite backup API) in its backups folder."""
        try:
            return storefile.backup(self.store.path, self.store.backups_dir, reason)
        except StoreError:
            raise
        except OSError as err:
            raise DomainError(f"Sauvegarde impossible : {err.strerror or err} "
                              f"(dossier « {self.store.backups_dir} »).") from err

    def echus(self, detail: bool = False) -> Echus:
        """The files that should no longer stay identifiable today (``domain.retention`` with
        the keeping times of the settings). SQL keeps the candidates (old enough by a day's
        margin, cotraitance not under way); the domain rule decides. ``detail``: with names,
        the due date and the reason, for the list shown before the approval."""
        today = self.today()
        durees = self._durees()
        oldest_young = retention.youngest_due_birth(today, durees)
        with self.store.read() as s:
            people = s.execute(
                select(Jeune.id, Jeune.date_naissance, Jeune.cotra_phase)
                .where(Jeune.anonymise_le.is_(None), Jeune.date_naissance <= oldest_young,
                       or_(Jeune.cotra_phase.is_(None),
                           Jeune.cotra_phase.not_in(retention.PHASES_EN_COURS)))).all()
            progs: dict = {}
            candidates = [p.id for p in people]
            for chunk in chunks(candidates, CHUNK):
                for jeune_id, code, fin in s.execute(
                        select(Programme.jeune_id, Programme.code, Programme.date_fin)
                        .where(Programme.jeune_id.in_(chunk))):
                    progs.setdefault(jeune_id, []).append((code, fin))
            found = []
            for p in people:
                e = retention.echeance(p.date_naissance, progs.get(p.id, ()), p.cotra_phase, durees)
                if e.due(today):
                    found.append((p.id, e))
            rows = self._named(s, found) if detail else ()
        return Echus(tuple(jid for jid, _e in found), rows)

    def count_echus(self) -> int:
        """How many files :meth:`echus` lists (the dashboard, Paramètres): the keeping times
        of the settings decide (domain.retention), after the store's SQL prefilter."""
        return self.echus().count

    @staticmethod
    def _named(s, found) -> tuple[EchuDossier, ...]:
        names = {}
        for chunk in chunks([jid for jid, _e in found], CHUNK):
            for row in s.execute(select(Jeune.id, Jeune.nom, Jeune.prenom, Jeune.date_naissance)
                                 .where(Jeune.id.in_(chunk))):
                names[row.id] = row
        rows = [EchuDossier(jid, names[jid].nom, names[jid].prenom, names[jid].date_naissance,
                            e.date, e.motif) for jid, e in found]
        return tuple(sorted(rows, key=lambda r: (r.depuis or date.min, fold(r.nom), fold(r.prenom))))

    def _durees(self) -> retention.Durees:
        from .settings import SettingsService
        return SettingsService(self.ctx).durees()

    def anonymiser(self, progress=None, cancel=None, ids=None) -> Anonymisation:
        """Anonymise the files :meth:`echus` lists — only those of ``ids`` when given (the list
        the direction approved; a file no longer due is left alone) — after a backup, in one
        transaction: all of them or none (``cancel()`` true raises ``Cancelled``, the store
        stays as it was; the GUI worker treats it as the user's cancel, like imports and
        exports). Once committed and verified, the safety copy is deleted."""
        due = list(self.echus().ids)
        if ids is not None:
            approved = set(ids)
            due = [jid for jid in due if jid in approved]
        if not due:
            return Anonymisation(0, None)
        copy = self.store.safety_backup("avant-anonymisation")  # integrity checked first
        today, author = self.today(), self.ctx.author
        done = 0
        with self.store.write() as s:
            for chunk in chunks(due, CHUNK):
                if cancel is not None and cancel():
                    raise Cancelled()  # the transaction rolls back: no file modified
                self._anonymise_chunk(s, chunk, today, author)
                done += len(chunk)
                if progress is not None:
                    progress(done, len(due))
        if self._verified(due) and copy is not None:
            copy.unlink(missing_ok=True)
            return Anonymisation(len(due), None, True)
        return Anonymisation(len(due), copy)

    def _verified(self, ids: list) -> bool:
        """Every file of ``ids`` is anonymised in the committed store (identity gone)."""
        with self.store.read() as s:
            left = 0
            for chunk in chunks(ids, CHUNK):
                left += s.scalar(select(func.count()).select_from(Jeune).where(
                    Jeune.id.in_(chunk), or_(Jeune.anonymise_le.is_(None),
                                             Jeune.nom != retention.ANONYMOUS_NAME,
                                             Jeune.email.is_not(None), Jeune.telephone.is_not(None),
                                             Jeune.adresse.is_not(None))))
        return left == 0

    @staticmethod
    def _anonymise_chunk(s, ids: list, today, author: str) -> None:
        births = s.execute(select(Jeune.id, Jeune.date_naissance).where(Jeune.id.in_(ids))).all()
        s.connection().execute(
            update(Jeune.__table__).where(Jeune.__table__.c.id == bindparam("jid"))
            .values(date_naissance=bindparam("born")),
            [{"jid": jeune_id, "born": retention.anonymous_birth_date(birth)} for jeune_id, birth in births])
        s.execute(update(Jeune).where(Jeune.id.in_(ids)).values(
            nom=retention.ANONYMOUS_NAME, nom_fold=fold(retention.ANONYMOUS_NAME),
            prenom=retention.ANONYMOUS_FIRST_NAME, prenom_fold=fold(retention.ANONYMOUS_FIRST_NAME),
            nom_usage=None, adresse=None, code_postal=None, commune=None, commune_fold=None,
            telephone=None, email=None, identifiant_ft=None, numero_imilo=None, archive=True,
            anonymise_le=today, version=Jeune.version + 1, updated_by=author,
            updated_at=utcnow()).execution_options(synchronize_session=False))
        s.execute(update(Evenement).where(Evenement.jeune_id.in_(ids)).values(note=None)
                  .execution_options(synchronize_session=False))
        s.execute(update(Cotraitance).where(Cotraitance.jeune_id.in_(ids)).values(motif_refus=None)
                  .execution_options(synchronize_session=False))
        cotraitances = select(Cotraitance.id).where(Cotraitance.jeune_id.in_(ids))
        s.execute(update(CotraitanceEtat).where(CotraitanceEtat.cotraitance_id.in_(cotraitances))
                  .values(motif=ANONYMISED_MOTIF).execution_options(synchronize_session=False))
        s.execute(update(OrientationFastt).where(OrientationFastt.jeune_id.in_(ids))
                  .values(disponibilites=None, recommandations=None)
                  .execution_options(synchronize_session=False))
        orientations = select(OrientationFastt.id).where(OrientationFastt.jeune_id.in_(ids))
        s.execute(update(BesoinFastt).where(BesoinFastt.orientation_id.in_(orientations))
                  .values(detail=None).execution_options(synchronize_session=False))
