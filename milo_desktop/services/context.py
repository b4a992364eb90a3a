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


ANONYMOUS = CurrentUser(None, "Utilisateur non choisi", "conseiller")


@dataclass
class AppContext:
    store: Store
    user: CurrentUser = ANONYMOUS
    site_id: uuid.UUID | None = None
    today: Callable[[], date] = field(default=date.today)

    @property
    def author(self) -> str:
        return self.user.nom_complet
