"""Mission Jeunes / FASTT (area page)."""

from __future__ import annotations

from .placeholder import AreaPage


class MissionJeunesPage(AreaPage):
    TITLE = "Mission Jeunes / FASTT"
    TEXT = ("Les agences d'emploi et leurs conventions, les délégations en mission d'intérim, les actions de branche et les orientations FASTT « Point Conseils Intérimaire ». Pour commencer, créez une agence d'emploi.")
