"""Care of the store: backups on demand, and the anonymisation of files past their keeping time
(``domain.retention``), in one transaction after a backup."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import bindparam, or_, select, update

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
from ..persistence.schema import SCHEMA_HEAD
from .base import Service, chunks

ANONYMISED_MOTIF = "(texte effacé à l'anonymisation)"  # cotraitance_etat.motif is required
CHUNK = 500  # ids per UPDATE … IN (…)


@dataclass(frozen=True)
class Echus:
    """Files past their keeping time, not anonymised yet."""
    ids: tuple

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Anonymisation:
    count: int
    backup: Path | None


@dataclass(frozen=True)
class Integrite:
    """The store's quick check: sound, or damaged (then read-only, ``message`` says what to do)."""
    saine: bool
    message: str | None = None


@dataclass(frozen=True)
class Schema:
    """Shown in « À propos »: the open store's schema revision and this version's."""
    revision: str | None
    attendue: str

    @property
    def a_jour(self) -> bool:
        return self.revision == self.attendue


class MaintenanceService(Service):
    def verifier_integrite(self) -> Integrite:
        """SQLite's quick check of the store (about 0.4 s for 700 MB: run it off the GUI
        thread). A damaged store becomes read-only for the rest of the session."""
        damage = self.store.check_integrity()
        return Integrite(True) if damage is None else Integrite(False, damage.message)

    def schema(self) -> Schema:
        """The store's schema revision (Alembic) beside the one this version expects."""
        return Schema(storefile.stored_revision(self.store.path), SCHEMA_HEAD)

    def backup(self, reason: str = "manuelle") -> Path:
        """A copy of the store (SQLite backup API) in its backups folder."""
        try:
            return storefile.backup(self.store.path, self.store.backups_dir, reason)
        except StoreError:
            raise
        except OSError as err:
            raise DomainError(f"Sauvegarde impossible : {err.strerror or err} "
                              f"(dossier « {self.store.backups_dir} »).") from err

    def echus(self) -> Echus:
        """The files that should no longer stay identifiable today. SQL keeps the candidates
        (old enough by a day's margin, cotraitance not under way); the domain rule decides."""
        today = self.today()
        oldest_young = retention.youngest_due_birth(today)
        with self.store.read() as s:
            people = s.execute(
                select(Jeune.id, Jeune.date_naissance, Jeune.cotra_phase)
                .where(Jeune.anonymise_le.is_(None), Jeune.date_naissance <= oldest_young,
                       or_(Jeune.cotra_phase.is_(None),
                           Jeune.cotra_phase.not_in(retention.PHASES_EN_COURS)))).all()
            ends: dict = {}
            candidates = [p.id for p in people]
            for chunk in chunks(candidates, CHUNK):
                for jeune_id, fin in s.execute(select(Programme.jeune_id, Programme.date_fin)
                                               .where(Programme.jeune_id.in_(chunk))):
                    ends.setdefault(jeune_id, []).append(fin)
        due = tuple(p.id for p in people
                    if retention.is_due(p.date_naissance, ends.get(p.id, ()), p.cotra_phase, today))
        return Echus(due)

    def anonymiser(self, progress=None, cancel=None) -> Anonymisation:
        """Anonymise every file :meth:`echus` lists, after a backup, in one transaction: all of
        them or none (``cancel()`` true raises ``Cancelled``, the store stays as it was; the
        GUI worker treats it as the user's cancel, like imports and exports)."""
        due = list(self.echus().ids)
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
        return Anonymisation(len(due), copy)

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
