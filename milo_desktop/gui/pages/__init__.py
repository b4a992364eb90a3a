"""The areas of the main window. Each page module exposes one QWidget class taking
``(services, window)``; pages are built the first time they are shown.

A page may define ``refresh()`` (called each time it is shown) and ``open_item(kind, id)``.
"""

AREAS = (
    ("tableau", "Tableau de bord", "dashboard:DashboardPage", "Ctrl+1"),
    ("jeunes", "Jeunes", "jeunes:JeunesPage", "Ctrl+2"),
    ("cotraitance", "Cotraitance", "cotraitance:CotraitancePage", "Ctrl+3"),
    ("offres", "Offres & entreprises", "offres:OffresPage", "Ctrl+4"),
    ("mission_jeunes", "Mission Jeunes / FASTT", "mission_jeunes:MissionJeunesPage", "Ctrl+5"),
    ("bilans", "Bilans", "bilans:BilansPage", "Ctrl+6"),
    ("parametres", "Paramètres", "parametres:ParametresPage", "Ctrl+7"),
)
