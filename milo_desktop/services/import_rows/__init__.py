"""Per-kind import rows: mapped values -> domain inputs -> validated rows -> Core writes.

``KINDS[kind]`` is the module handling one import kind (see :mod:`.common` for its interface).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ...exchange.templates import schema

KINDS = ("jeunes", "entreprises", "offres")


def kind_module(kind: str) -> ModuleType:
    """The module of an import kind; a French DomainError for an unknown kind."""
    schema(kind)  # raises « Type d'import inconnu … »
    return importlib.import_module(f"{__name__}.{kind}")
