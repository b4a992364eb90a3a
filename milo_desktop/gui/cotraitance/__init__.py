"""Cotraitance screens: the fiche jeune tab (``tab.CotraitanceTab``), its step dialogs, the
table models of the work lists and the objectives editor used by ``gui/pages/cotraitance``."""
