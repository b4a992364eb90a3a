"""What every service needs: the store, who is working, where, and what day it is."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from ..persistence.store import Store


@dataclass(frozen=True)
class CurrentUser:
    id: uuid.UUID | None
    nom_complet: str
    role: str = "conseiller"
    identifiant: str | None = None
    site_ids: frozenset = frozenset()  # the account's sites (scope « ses sites »)


ANONYMOUS = CurrentUser(None, "Utilisateur non choisi", "conseiller")


@dataclass
class AppContext:
    store: Store
    user: CurrentUser = ANONYMOUS
    site_id: uuid.UUID | None = None
    today: Callable[[], date] = field(default=date.today)
    # True: work done by the application itself (fixtures, benchmarks, building a demo store on
    # an empty folder): the permission matrix does not apply. The entry points people use (the
    # window, the command line) build ``AppContext.for_people(store)``, and a login always sets
    # it to False.
    unrestricted: bool = True
    authenticated: bool = False
    break_glass: set = field(default_factory=set)  # files an administrator opened with a reason
    locked: bool = False

    @property
    def author(self) -> str:
        return self.user.nom_complet

    @classmethod
    def system(cls, store: Store, **kwargs) -> "AppContext":
        """A context with every right, for the application's own work (demo, benchmarks)."""
        return cls(store, unrestricted=True, **kwargs)

    @classmethod
    def for_people(cls, store: Store, **kwargs) -> "AppContext":
        """The context of the window and the command line: nothing allowed before a login."""
        return cls(store, unrestricted=False, **kwargs)
