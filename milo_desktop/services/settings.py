"""Reference data and settings: the Mission Locale, its sites, the users, key/value parameters."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from ..domain import referentiel as ref
from ..domain import retention
from ..domain.errors import DomainError, ValidationError
from ..persistence.models import Organisation, Parametre, Site, Utilisateur
from .base import Service, check_version, get_or_404, translate_stale


@dataclass(frozen=True)
class OrganisationData:
    id: uuid.UUID | None
    version: int | None
    fields: ref.OrganisationInput


@dataclass(frozen=True)
class SiteData:
    id: uuid.UUID
    version: int
    nom: str
    type: str
    adresse: str | None
    code_postal: str | None
    commune: str | None
    actif: bool

    @property
    def type_label(self) -> str:
        return ref.label(ref.TYPES_SITE, self.type)


@dataclass(frozen=True)
class UtilisateurData:
    id: uuid.UUID
    version: int
    nom: str
    prenom: str
    email: str
    role: str
    site_id: uuid.UUID | None
    actif: bool

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom}"

    @property
    def role_label(self) -> str:
        return ref.label(ref.ROLES, self.role)


def _site(s: Site) -> SiteData:
    return SiteData(s.id, s.version, s.nom, s.type, s.adresse, s.code_postal, s.commune, s.actif)


def _user(u: Utilisateur) -> UtilisateurData:
    return UtilisateurData(u.id, u.version, u.nom, u.prenom, u.email, u.role, u.site_id, u.actif)


ORG_FIELDS = ("nom", "adresse", "code_postal", "commune", "departement", "telephone", "email",
              "logo_path", "libelle_service_emploi")


class SettingsService(Service):
    # --- the Mission Locale -------------------------------------------------------------
    def organisation(self) -> OrganisationData:
        with self.store.read() as s:
            org = s.scalars(select(Organisation)).first()
            if org is None:
                return OrganisationData(None, None, ref.OrganisationInput(nom=""))
            return OrganisationData(org.id, org.version, ref.OrganisationInput(
                **{f: getattr(org, f) for f in ORG_FIELDS}))

    @translate_stale
    def save_organisation(self, data: ref.OrganisationInput, version: int | None) -> OrganisationData:
        data = ref.validate_organisation(data)
        with self.store.write() as s:
            org = s.scalars(select(Organisation)).first()
            if org is None:
                org = Organisation()
                self.stamp_new(org)
                s.add(org)
            else:
                check_version(org, version)
                self.stamp(org)
            for f in ORG_FIELDS:
                setattr(org, f, getattr(data, f))
            s.flush()
            return OrganisationData(org.id, org.version, data)

    def service_emploi_label(self) -> str:
        return self.organisation().fields.libelle_service_emploi or ref.DEFAULT_SERVICE_EMPLOI

    # --- sites --------------------------------------------------------------------------
    def sites(self, only_active: bool = False) -> list[SiteData]:
        with self.store.read() as s:
            q = select(Site).order_by(Site.type != "siege", Site.nom)
            if only_active:
                q = q.where(Site.actif.is_(True))
            return [_site(x) for x in s.scalars(q)]

    @translate_stale
    def save_site(self, data: ref.SiteInput, site_id: uuid.UUID | None = None,
                  version: int | None = None) -> SiteData:
        data = ref.validate_site(data)
        with self.store.write() as s:
            clash = s.scalar(select(Site.id).where(func.lower(Site.nom) == data.nom.lower()))
            if clash is not None and clash != site_id:
                raise ValidationError({"nom": f"Un site s'appelle déjà « {data.nom} »."})
            site = self.load_or_new(s, Site, site_id, version, "Le site")
            for f in ("nom", "type", "adresse", "code_postal", "commune", "actif"):
                setattr(site, f, getattr(data, f))
            s.flush()
            return _site(site)

    # --- users --------------------------------------------------------------------------
    def utilisateurs(self, only_active: bool = False) -> list[UtilisateurData]:
        with self.store.read() as s:
            q = select(Utilisateur).order_by(Utilisateur.nom, Utilisateur.prenom)
            if only_active:
                q = q.where(Utilisateur.actif.is_(True))
            return [_user(x) for x in s.scalars(q)]

    def utilisateur(self, user_id: uuid.UUID) -> UtilisateurData:
        with self.store.read() as s:
            return _user(get_or_404(s, Utilisateur, user_id, "L'utilisateur"))

    @translate_stale
    def save_utilisateur(self, data: ref.UtilisateurInput, user_id: uuid.UUID | None = None,
                         version: int | None = None) -> UtilisateurData:
        data = ref.validate_utilisateur(data)
        with self.store.write() as s:
            clash = s.scalar(select(Utilisateur.id).where(Utilisateur.email == data.email))
            if clash is not None and clash != user_id:
                raise ValidationError({"email": f"L'adresse « {data.email} » est déjà utilisée."})
            user = self.load_or_new(s, Utilisateur, user_id, version, "L'utilisateur")
            for f in ("nom", "prenom", "email", "role", "site_id", "actif"):
                setattr(user, f, getattr(data, f))
            s.flush()
            return _user(user)

    # --- key/value parameters -----------------------------------------------------------
    def get(self, key: str, default: Any = None) -> Any:
        with self.store.read() as s:
            row = s.get(Parametre, key)
            return json.loads(row.valeur) if row else default

    def set(self, key: str, value: Any) -> None:
        with self.store.write() as s:
            row = s.get(Parametre, key)
            text = json.dumps(value, ensure_ascii=False, default=str)
            if row is None:
                s.add(Parametre(cle=key, valeur=text))
            else:
                row.valeur = text

    def preferences(self) -> dict[str, object]:
        """Every tunable setting of ``referentiel.PREFERENCES`` with its value (or default)."""
        with self.store.read() as s:
            stored = {row.cle: json.loads(row.valeur) for row in s.scalars(select(Parametre))}
        return {p.key: stored.get(p.key, p.default) for p in ref.PREFERENCES}

    def save_preferences(self, values: dict[str, object]) -> tuple[str, ...]:
        """Validate all values first (one French message per field), then save them together.
        Returns the French warnings to show (a keeping time below the legal minimum)."""
        problems, clean_values = {}, {}
        for pref in ref.PREFERENCES:
            if pref.key in values:
                try:
                    clean_values[pref.key] = ref.validate_preference(pref, values[pref.key])
                except DomainError as err:
                    problems[pref.key] = err.message
        if problems:
            raise ValidationError(problems)
        with self.store.write() as s:
            for key, value in clean_values.items():
                text = json.dumps(value, ensure_ascii=False)
                row = s.get(Parametre, key)
                if row is None:
                    s.add(Parametre(cle=key, valeur=text))
                else:
                    row.valeur = text
        labels = {p.key: p.label for p in ref.PREFERENCES}
        return tuple(w for key, value in clean_values.items() if isinstance(value, int)
                     and (w := retention.keeping_warning(key, labels[key], value)))

    def durees(self) -> retention.Durees:
        """The keeping times in force (domain.retention; the decree's by default)."""
        return retention.Durees.from_settings(self.preferences())

    def is_configured(self) -> bool:
        """True once the Mission Locale has a name and at least one user."""
        with self.store.read() as s:
            has_org = s.scalar(select(func.count()).select_from(Organisation)) > 0
            has_user = s.scalar(select(func.count()).select_from(Utilisateur)) > 0
            return bool(has_org and has_user)
