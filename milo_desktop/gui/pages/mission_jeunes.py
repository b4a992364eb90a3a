"""Mission Jeunes / FASTT (area page): agencies and conventions with due renewals, delegations,
FASTT referrals in progress and overdue, figures of the year."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from ..mission_jeunes.page_tabs import AgencesTab, ChiffresTab, DelegationsTab, FasttTab


class MissionJeunesPage(QWidget):
    TABS = (("agences", "&Agences et conventions", AgencesTab),
            ("delegations", "&Délégations", DelegationsTab),
            ("fastt", "Orientations &FASTT", FasttTab),
            ("chiffres", "&Chiffres de l'année", ChiffresTab))

    def __init__(self, services, window, parent=None):
        super().__init__(parent)
        self.services, self.window_ = services, window
        layout = QVBoxLayout(self)
        title = QLabel("Mission Jeunes / FASTT")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.tabs = QTabWidget()
        self.tab: dict[str, QWidget] = {}
        for key, label, cls in self.TABS:
            self.tab[key] = cls(services, self)
            self.tabs.addTab(self.tab[key], label)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        """Reload the tab shown (renewal warnings and reminders depend on today)."""
        self.tabs.currentWidget().reload()

    def open_item(self, kind: str, item_id) -> None:
        """``fastt``: the referral's next step; ``delegation``: its form; ``agence``: its row. With a
        dict payload (links of the reports: ``du``, ``au``, ``statut``), the matching list."""
        if isinstance(item_id, dict):
            self._open_list(kind, item_id)
        elif kind == "fastt":
            self.tabs.setCurrentWidget(self.tab["fastt"])
            self.tab["fastt"].advance(item_id)
        elif kind == "delegation":
            self.tabs.setCurrentWidget(self.tab["delegations"])
            self.tab["delegations"].open_delegation(item_id)
        elif kind == "agence":
            self.tabs.setCurrentWidget(self.tab["agences"])
            self.tab["agences"].agences_table.select_id(item_id)

    def _open_list(self, kind: str, payload: dict) -> None:
        start, end = payload.get("du"), payload.get("au")
        year = start.year if start is not None and end is not None and start.year == end.year else None
        if kind == "fastt":
            self.tabs.setCurrentWidget(self.tab["fastt"])
            self.tab["fastt"].list.set_filter("suivi", None)
            self.tab["fastt"].list.set_filter("statut", payload.get("statut"))
        elif kind == "delegations":
            self.tabs.setCurrentWidget(self.tab["delegations"])
            self.tab["delegations"].list.set_filter("annee", year)
        else:
            if year is not None:
                self.tab["chiffres"].year.setValue(year)
            self.tabs.setCurrentWidget(self.tab["chiffres"])
