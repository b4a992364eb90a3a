"""Use cases. Each public method is one unit of work and returns plain frozen dataclasses.

``Services`` is the single object the GUI and the CLI hold; each area's service is built on
first use so start-up imports only what the first screen needs.
"""

from __future__ import annotations

import importlib

from .context import AppContext, CurrentUser

# attribute name -> "module:Class" (modules under milo_desktop.services)
REGISTRY = {
    "settings": "settings:SettingsService",
    "jeunes": "jeunes:JeunesService",
    "journal": "journal:JournalService",
    "cotraitance": "cotraitance:CotraitanceService",
    "objectifs": "objectifs:ObjectifsService",
    "entreprises": "entreprises:EntreprisesService",
    "offres": "offres:OffresService",
    "mises_en_relation": "mises_en_relation:MisesEnRelationService",
    "mrs": "mrs:MrsService",
    "agences": "agences:AgencesService",
    "interim": "interim:InterimService",
    "fastt": "fastt:FasttService",
    "partenariats": "partenariats:PartenariatsService",
    "bilans": "bilans:BilansService",
    "tableau_de_bord": "tableau_de_bord:TableauDeBordService",
    "imports": "imports:ImportsService",
    "exports": "exports:ExportsService",
    "demo": "demo:DemoService",
    "maintenance": "maintenance:MaintenanceService",
    "comptes": "comptes:ComptesService",
    "audit": "audit:AuditService",
}


class Services:
    """The one object through which the GUI and the CLI reach the use cases."""

    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self._cache: dict[str, object] = {}
        from ..security import audit
        audit.install(ctx.store)  # every unit of work of the store is audited

    def __getattr__(self, name: str):
        if name.startswith("_") or name not in REGISTRY:
            raise AttributeError(name)
        if name not in self._cache:
            module, cls = REGISTRY[name].split(":")
            mod = importlib.import_module(f"{__name__}.{module}")
            self._cache[name] = getattr(mod, cls)(self.ctx)
        return self._cache[name]

    def set_user(self, user: CurrentUser, site_id=None) -> None:
        """Who works (tests, fixtures). A real session starts with ``comptes.login``."""
        self.ctx.user = user
        self.ctx.site_id = site_id


__all__ = ["AppContext", "CurrentUser", "Services", "REGISTRY"]
