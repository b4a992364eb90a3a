"""Tabs of the fiche jeune contributed by other areas, built lazily.

Each entry is (title, "module:Class"); the class is a QWidget built as
``Class(services, jeune_id, parent)`` with a ``reload()`` method and a ``changed`` Signal emitted
after it saved something (the fiche then refreshes its header, e.g. the date de fin prévue).
A module that is not installed is skipped.
"""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

EXTRA_TABS = (
    ("Cotraitance", "milo_desktop.gui.cotraitance.tab:CotraitanceTab"),
    ("Offres et mises en relation", "milo_desktop.gui.offres.jeune_tab:JeuneOffresTab"),
    ("Mission Jeunes / FASTT", "milo_desktop.gui.mission_jeunes.jeune_tab:MissionJeunesTab"),
    ("Consultations et modifications", "milo_desktop.gui.comptes.audit_views:JeuneAuditTab"),
)
# A tab is shown only when the account's role grants this action (security/permissions.py).
TAB_ACTIONS = {"Cotraitance": "cotraitance.lire", "Offres et mises en relation": "jeunes.lire",
               "Mission Jeunes / FASTT": "fastt.lire", "Consultations et modifications": "audit.lire"}


def extra_tab_classes(services=None):
    """[(title, class)] for the tabs whose modules exist (and the role may see)."""
    found = []
    for title, spec in EXTRA_TABS:
        if services is not None and title in TAB_ACTIONS and not services.jeunes.may(TAB_ACTIONS[title]):
            continue
        module, cls = spec.split(":")
        try:
            found.append((title, getattr(importlib.import_module(module), cls)))
        except ModuleNotFoundError as err:
            if err.name and module.startswith(err.name):
                continue
            raise
    return found
