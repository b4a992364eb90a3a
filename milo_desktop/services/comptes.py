"""Accounts and sessions: first run, login, password changes, lock, administration.

``login`` is the one call that receives a password (and, with an encrypted store, will unwrap
the account's key slot with it); the password is never kept.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select

from ..domain import comptes as dom
from ..domain import referentiel as ref
from ..domain.errors import AuthenticationError, DomainError, PermissionDenied, ValidationError
from ..domain.text import clean
from ..persistence.models import Organisation, Site, Utilisateur, UtilisateurSite, utcnow
from ..security import audit, passwords, permissions
from .base import Service, get_or_404
from .context import ANONYMOUS, CurrentUser

DISABLED = ("Ce compte est désactivé ou son autorisation a pris fin : adressez-vous à "
            "l'administrateur de MILO Desktop.")
LAST_ADMIN = "C'est le dernier compte administrateur actif : il ne peut pas être désactivé."
JUSTIFICATION_MIN = 15


@dataclass(frozen=True)
class AccountData:
    id: uuid.UUID
    version: int
    identifiant: str | None
    nom: str
    prenom: str
    email: str
    role: str
    site_id: uuid.UUID | None
    site_ids: tuple[uuid.UUID, ...]
    actif: bool
    fin_autorisation: date | None
    has_password: bool
    changer_mot_de_passe: bool
    verrouille: bool

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom}"

    @property
    def role_label(self) -> str:
        return ref.label(ref.ROLES, self.role)


@dataclass(frozen=True)
class SessionData:
    user: CurrentUser
    site_id: uuid.UUID | None
    changer_mot_de_passe: bool


@dataclass(frozen=True)
class FirstRun:
    organisation: ref.OrganisationInput
    sites: tuple[ref.SiteInput, ...]
    admin: ref.UtilisateurInput
    identifiant: str
    mot_de_passe: str


def _sites_of(s, user_id) -> tuple[uuid.UUID, ...]:
    return tuple(s.scalars(select(UtilisateurSite.site_id).where(UtilisateurSite.utilisateur_id == user_id)))


def _account(s, u: Utilisateur, now) -> AccountData:
    sites = _sites_of(s, u.id)
    return AccountData(u.id, u.version, u.identifiant, u.nom, u.prenom, u.email, u.role, u.site_id,
                       sites, u.actif, u.fin_autorisation, bool(u.mot_de_passe),
                       bool(u.changer_mot_de_passe), dom.is_locked(u.verrouille_jusqu_au, now))


class ComptesService(Service):
    # --- first run ------------------------------------------------------------------------
    def accounts_exist(self) -> bool:
        """True once some active account can log in (else the first-run wizard is due)."""
        with self.store.read() as s:
            return bool(s.scalar(select(func.count()).select_from(Utilisateur).where(
                Utilisateur.mot_de_passe.is_not(None), Utilisateur.actif.is_(True),
                Utilisateur.role == "admin")))

    def etat_initial(self) -> tuple[bool, bool, bool]:
        """(Mission Locale named, sites exist, users exist) for the first-run dialog."""
        with self.store.read() as s:
            org = s.scalar(select(Organisation.nom).limit(1))
            sites = s.scalar(select(func.count()).select_from(Site))
            users = s.scalar(select(func.count()).select_from(Utilisateur))
            return bool(org), bool(sites), bool(users)

    def policy_problem(self, mot_de_passe: str, identifiant: str | None = None) -> str | None:
        return dom.password_problem(mot_de_passe, identifiant)

    def premier_demarrage(self, data: FirstRun) -> uuid.UUID:
        """Create the Mission Locale (when absent), its sites and the first administrator, in
        one transaction. Refused once an administrator can log in."""
        if self.accounts_exist():
            raise PermissionDenied("Un administrateur existe déjà : connectez-vous avec son compte.")
        org = ref.validate_organisation(data.organisation)
        sites = [ref.validate_site(x) for x in data.sites]
        admin = ref.validate_utilisateur(ref.UtilisateurInput(
            data.admin.nom, data.admin.prenom, data.admin.email, "admin", None))
        ident = dom.check_identifiant(data.identifiant)
        dom.check_password(data.mot_de_passe, ident)
        phc = passwords.hash_password(data.mot_de_passe)
        with self.store.write() as s:
            if s.scalar(select(func.count()).select_from(Organisation)) == 0:
                if not org.nom:
                    raise ValidationError({"nom": "Le nom de la Mission Locale est obligatoire."})
                s.add(Organisation(**{f: getattr(org, f) for f in (
                    "nom", "adresse", "code_postal", "commune", "departement", "telephone", "email",
                    "logo_path", "libelle_service_emploi")}, created_by="Premier démarrage"))
            existing = {n.lower() for n in s.scalars(select(Site.nom))}
            if not sites and not existing:
                raise ValidationError({"sites": "Indiquez au moins un site (le siège)."})
            for site in sites:
                if site.nom.lower() not in existing:
                    s.add(Site(nom=site.nom, type=site.type, adresse=site.adresse, code_postal=site.code_postal,
                               commune=site.commune, actif=True, created_by="Premier démarrage"))
                    existing.add(site.nom.lower())
            self._unique(s, ident, admin.email, None)
            user = Utilisateur(nom=admin.nom, prenom=admin.prenom, email=admin.email, role="admin",
                               identifiant=ident, mot_de_passe=phc, actif=True,
                               created_by="Premier démarrage", updated_by="Premier démarrage")
            s.add(user)
            s.flush()
            audit.record(s, "compte.premier_administrateur", objet="utilisateur", objet_id=user.id)
            return user.id

    # --- sessions -------------------------------------------------------------------------
    def login(self, identifiant: str, mot_de_passe: str, site_id: uuid.UUID | None = None) -> SessionData:
        """Open a session. The same refusal whatever was wrong (identifier or password); five
        failures lock the account for 15 minutes, doubling after each lock."""
        ident = (identifiant or "").strip().lower()
        now = utcnow()
        refusal = None
        with self.store.write() as s:
            user = s.scalar(select(Utilisateur).where(Utilisateur.identifiant == ident)) if ident else None
            locked = user is not None and dom.is_locked(user.verrouille_jusqu_au, now)
            ok = passwords.verify(None if user is None or locked else user.mot_de_passe, mot_de_passe or "")
            actor = audit.Actor(user.id if user else None, user.role if user else None, None)
            if not ok:
                if user is not None and not locked:
                    user.echecs = (user.echecs or 0) + 1
                    if user.echecs >= dom.MAX_FAILURES:
                        user.verrouille_jusqu_au = now + dom.lock_duration(user.verrouillages or 0)
                        user.verrouillages = (user.verrouillages or 0) + 1
                        user.echecs = 0
                        audit.record(s, "compte.verrouillage", objet="utilisateur", objet_id=user.id, actor=actor)
                audit.record(s, "connexion.echec", objet="utilisateur",
                             objet_id=user.id if user else None, actor=actor,
                             detail="compte verrouillé" if locked else None)
                refusal = dom.LOGIN_REFUSED
            elif not user.actif or (user.fin_autorisation and user.fin_autorisation < self.today()):
                audit.record(s, "connexion.echec", objet="utilisateur", objet_id=user.id, actor=actor,
                             detail="compte désactivé ou autorisation échue")
                refusal = DISABLED
            else:
                user.echecs, user.verrouillages, user.verrouille_jusqu_au = 0, 0, None
                if passwords.needs_rehash(user.mot_de_passe):
                    user.mot_de_passe = passwords.hash_password(mot_de_passe)
                sites = frozenset(_sites_of(s, user.id)) | ({user.site_id} if user.site_id else frozenset())
                site = site_id or user.site_id
                current = CurrentUser(user.id, f"{user.prenom} {user.nom}", user.role, user.identifiant, sites)
                audit.record(s, "connexion", objet="utilisateur", objet_id=user.id,
                             actor=audit.Actor(user.id, user.role, site))
                must_change = bool(user.changer_mot_de_passe)
        if refusal:
            raise AuthenticationError(refusal)
        self.ctx.user, self.ctx.site_id = current, site
        self.ctx.authenticated, self.ctx.unrestricted, self.ctx.locked = True, False, False
        self.ctx.break_glass = set()
        return SessionData(current, site, must_change)

    def changer_mot_de_passe(self, ancien: str, nouveau: str) -> None:
        with self.store.write() as s:
            user = get_or_404(s, Utilisateur, self.ctx.user.id, "Le compte")
            if not passwords.verify(user.mot_de_passe, ancien or ""):
                audit.record(s, "mot_de_passe.echec", objet="utilisateur", objet_id=user.id)
                failed = True
            else:
                failed = False
                dom.check_password(nouveau, user.identifiant)
                if passwords.verify(user.mot_de_passe, nouveau):
                    raise DomainError("Le nouveau mot de passe doit différer de l'ancien.", "mot_de_passe")
                user.mot_de_passe = passwords.hash_password(nouveau)
                user.changer_mot_de_passe = False
                self.stamp(user)
        if failed:
            raise AuthenticationError("Le mot de passe actuel est incorrect.")

    def verrouiller(self) -> None:
        if not self.ctx.authenticated or self.ctx.locked:
            return
        with self.store.write() as s:
            audit.record(s, "session.verrouillage", objet="utilisateur", objet_id=self.ctx.user.id)
        self.ctx.locked = True

    def deverrouiller(self, mot_de_passe: str) -> None:
        """Only the account that locked the session unlocks it."""
        with self.store.write() as s:
            user = get_or_404(s, Utilisateur, self.ctx.user.id, "Le compte")
            ok = user.actif and passwords.verify(user.mot_de_passe, mot_de_passe or "")
            audit.record(s, "session.deverrouillage" if ok else "session.deverrouillage_echec",
                         objet="utilisateur", objet_id=user.id)
        if not ok:
            raise AuthenticationError("Mot de passe incorrect : seule la personne connectée peut "
                                      "reprendre cette session.")
        self.ctx.locked = False

    def fermer_session(self) -> None:
        if self.ctx.authenticated:
            with self.store.write() as s:
                audit.record(s, "deconnexion", objet="utilisateur", objet_id=self.ctx.user.id)
        self.ctx.user, self.ctx.site_id = ANONYMOUS, None
        self.ctx.authenticated = self.ctx.locked = False
        self.ctx.break_glass = set()

    # --- administration -------------------------------------------------------------------
    def comptes(self) -> list[AccountData]:
        now = utcnow()
        with self.store.read() as s:
            users = s.scalars(select(Utilisateur).order_by(Utilisateur.nom, Utilisateur.prenom))
            return [_account(s, u, now) for u in users]

    def _unique(self, s, ident, email, user_id) -> None:
        clash = s.scalar(select(Utilisateur.id).where(Utilisateur.identifiant == ident))
        if clash is not None and clash != user_id:
            raise ValidationError({"identifiant": f"L'identifiant « {ident} » est déjà pris."})
        clash = s.scalar(select(Utilisateur.id).where(Utilisateur.email == email))
        if clash is not None and clash != user_id:
            raise ValidationError({"email": f"L'adresse « {email} » est déjà utilisée."})

    def creer(self, data: ref.UtilisateurInput, identifiant: str, mot_de_passe: str,
              site_ids=(), fin_autorisation: date | None = None) -> AccountData:
        """A new account; its password is temporary (to change at first login)."""
        data = ref.validate_utilisateur(data)
        ident = dom.check_identifiant(identifiant)
        dom.check_password(mot_de_passe, ident)
        phc = passwords.hash_password(mot_de_passe)
        with self.store.write() as s:
            self._unique(s, ident, data.email, None)
            user = Utilisateur(nom=data.nom, prenom=data.prenom, email=data.email, role=data.role,
                               site_id=data.site_id, actif=True, identifiant=ident, mot_de_passe=phc,
                               changer_mot_de_passe=True, fin_autorisation=fin_autorisation)
            self.stamp_new(user)
            s.add(user)
            s.flush()
            self._set_sites(s, user, site_ids)
            return _account(s, user, utcnow())

    def _set_sites(self, s, user, site_ids) -> None:
        wanted = set(site_ids or ()) | ({user.site_id} if user.site_id else set())
        s.execute(delete(UtilisateurSite).where(UtilisateurSite.utilisateur_id == user.id))
        for site in wanted:
            s.add(UtilisateurSite(utilisateur_id=user.id, site_id=site))

    def modifier(self, user_id: uuid.UUID, role: str | None = None, site_ids=None,
                 fin_autorisation: date | None | str = "inchangée", identifiant: str | None = None) -> AccountData:
        with self.store.write() as s:
            user = get_or_404(s, Utilisateur, user_id, "Le compte")
            if role is not None:
                if role not in dict(ref.ROLES):
                    raise DomainError("Rôle inconnu.", "role")
                if user.role == "admin" and role != "admin":
                    self._not_last_admin(s, user)
                user.role = role
            if identifiant is not None:
                ident = dom.check_identifiant(identifiant)
                self._unique(s, ident, user.email, user.id)
                user.identifiant = ident
            if fin_autorisation != "inchangée":
                user.fin_autorisation = fin_autorisation
            if site_ids is not None:
                self._set_sites(s, user, site_ids)
            self.stamp(user)
            s.flush()
            return _account(s, user, utcnow())

    def _not_last_admin(self, s, user) -> None:
        others = s.scalar(select(func.count()).select_from(Utilisateur).where(
            Utilisateur.role == "admin", Utilisateur.actif.is_(True), Utilisateur.id != user.id,
            Utilisateur.mot_de_passe.is_not(None)))
        if not others:
            raise DomainError(LAST_ADMIN)

    def desactiver(self, user_id: uuid.UUID) -> AccountData:
        """The account can no longer log in; its authorship on records stays."""
        with self.store.write() as s:
            user = get_or_404(s, Utilisateur, user_id, "Le compte")
            if user.role == "admin":
                self._not_last_admin(s, user)
            user.actif = False
            self.stamp(user)
            s.flush()
            return _account(s, user, utcnow())

    def reactiver(self, user_id: uuid.UUID) -> AccountData:
        with self.store.write() as s:
            user = get_or_404(s, Utilisateur, user_id, "Le compte")
            user.actif = True
            self.stamp(user)
            s.flush()
            return _account(s, user, utcnow())

    def reinitialiser(self, user_id: uuid.UUID, mot_de_passe: str, identifiant: str | None = None) -> AccountData:
        """A temporary password (to change at next login); unlocks the account."""
        with self.store.write() as s:
            user = get_or_404(s, Utilisateur, user_id, "Le compte")
            if identifiant is not None or user.identifiant is None:
                ident = dom.check_identifiant(identifiant or user.email.split("@")[0])
                self._unique(s, ident, user.email, user.id)
                user.identifiant = ident
            dom.check_password(mot_de_passe, user.identifiant)
            user.mot_de_passe = passwords.hash_password(mot_de_passe)
            user.changer_mot_de_passe = True
            user.echecs, user.verrouillages, user.verrouille_jusqu_au = 0, 0, None
            self.stamp(user)
            s.flush()
            return _account(s, user, utcnow())

    def acces_exceptionnel(self, jeune_id: uuid.UUID, justification: str) -> None:
        """An administrator reads one file for a stated reason (recorded in the audit trail)."""
        text = clean(justification) or ""
        if len(text) < JUSTIFICATION_MIN:
            raise DomainError(f"Indiquez la raison de cet accès exceptionnel ({JUSTIFICATION_MIN} "
                              "caractères au moins) : elle est conservée dans le journal d'audit.",
                              "justification")
        with self.store.write() as s:
            audit.record(s, "acces.exceptionnel", objet="jeune", objet_id=jeune_id, jeune_id=jeune_id,
                         detail=text)
        self.ctx.break_glass.add(jeune_id)

    def matrice(self) -> list[tuple[str, str, tuple[str, ...]]]:
        return permissions.rows()
