"""Reading, checking, exporting and pruning the audit trail (``security/audit.py`` writes it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from ..domain import referentiel as ref
from ..domain.errors import DomainError
from ..persistence.models import AuditEvenement, Parametre, Utilisateur, utcnow
from ..security import audit
from .base import Service

KEEP_KEY = "securite.audit_conservation_mois"
ACTION_LABELS = {
    "connexion": "Connexion", "connexion.echec": "Connexion refusée", "deconnexion": "Déconnexion",
    "compte.verrouillage": "Compte verrouillé (essais manqués)",
    "session.verrouillage": "Écran verrouillé", "session.deverrouillage": "Écran déverrouillé",
    "session.deverrouillage_echec": "Déverrouillage refusé",
    "dossier.consultation": "Ouverture du dossier", "dossier.impression": "Impression du dossier",
    "creation": "Création", "modification": "Modification", "suppression": "Suppression",
    "refus": "Action refusée (droits)", "acces.exceptionnel": "Accès exceptionnel (administrateur)",
    "export": "Export", "import": "Import", "anonymisation": "Anonymisation",
    "audit.purge": "Purge du journal d'audit", "demo.generation": "Base de démonstration",
    "mot_de_passe.echec": "Changement de mot de passe refusé",
    "compte.premier_administrateur": "Premier administrateur",
}
HEADERS = ("N°", "Date et heure (UTC)", "Utilisateur", "Rôle", "Action", "Objet", "Identifiant",
           "Champs", "Détail")


@dataclass(frozen=True)
class AuditRow:
    seq: int
    horodatage: datetime
    utilisateur: str
    role: str
    action: str
    objet: str
    objet_id: str
    champs: str
    detail: str

    def cells(self) -> tuple:
        return (self.seq, self.horodatage, self.utilisateur, self.role, self.action, self.objet,
                self.objet_id, self.champs, self.detail)


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)


class AuditService(Service):
    def _rows(self, where, limit: int | None) -> list[AuditRow]:
        e = AuditEvenement
        q = (select(e, Utilisateur.prenom, Utilisateur.nom)
             .outerjoin(Utilisateur, Utilisateur.id == e.utilisateur_id)
             .where(*where).order_by(e.seq.desc()))
        if limit:
            q = q.limit(limit)
        with self.store.read() as s:
            out = []
            for ev, prenom, nom in s.execute(q):
                who = f"{prenom} {nom}" if nom else ("Système" if ev.role == "systeme" else "—")
                role = "Système" if ev.role == "systeme" else ref.label(ref.ROLES, ev.role)
                out.append(AuditRow(ev.seq, ev.horodatage, who, role, action_label(ev.action),
                                    ev.objet or "", ev.objet_id or "", (ev.champs or "").replace(",", ", "),
                                    ev.detail or ""))
            return out

    def pour_jeune(self, jeune_id: uuid.UUID, limit: int = 500) -> list[AuditRow]:
        """Who opened and changed this file, newest first (the fiche's « Consultations et
        modifications » tab)."""
        return self._rows([AuditEvenement.jeune_id == jeune_id], limit)

    def evenements(self, du: date | None = None, au: date | None = None,
                   utilisateur_id: uuid.UUID | None = None, action: str | None = None,
                   limit: int | None = 2000) -> list[AuditRow]:
        e = AuditEvenement
        where = []
        if du:
            where.append(e.horodatage >= datetime.combine(du, time.min))
        if au:
            where.append(e.horodatage < datetime.combine(au + timedelta(days=1), time.min))
        if utilisateur_id:
            where.append(e.utilisateur_id == utilisateur_id)
        if action:
            where.append(e.action == action)
        return self._rows(where, limit)

    def actions(self) -> list[tuple[str, str]]:
        return sorted(ACTION_LABELS.items(), key=lambda kv: kv[1])

    def verifier(self, progress=None) -> audit.Verification:
        with self.store.read() as s:
            return audit.verify(s, progress)

    def exporter(self, du: date | None, au: date | None, path: str | Path) -> int:
        from ..exchange.writing import Sheet, export_path_kind, write_csv, write_xlsx
        rows = [r.cells() for r in reversed(self.evenements(du, au, limit=None))]
        path = Path(path)
        if export_path_kind(path) == "xlsx":
            write_xlsx(path, [Sheet("Journal d'audit", HEADERS, rows)])
        else:
            write_csv(path, HEADERS, rows)
        return len(rows)

    def purger(self, mois: int | None = None) -> int:
        """Remove the events older than the keeping time (setting, default 7 months)."""
        with self.store.read() as s:
            stored = s.get(Parametre, KEEP_KEY)
        import json
        months = mois or (json.loads(stored.valeur) if stored else 7)
        if not 1 <= int(months) <= 120:
            raise DomainError("Durée de conservation : entre 1 et 120 mois.")
        cutoff = utcnow() - timedelta(days=int(months) * 30.44)
        with self.store.write() as s:
            return audit.prune(s, cutoff)
