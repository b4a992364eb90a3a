"""Tableau de bord: the current year's key figures (the same functions as the bilans) and
charts, the work lists to handle; a click on a figure opens the list behind it."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout,
    QWidget,
)

from ...services.tableau_de_bord import PARTS
from ..worker import Task, start

CARD_STYLE = """
QPushButton#carteChiffre { background: #eef2f7; border: 1px solid #d5dde8; border-radius: 6px;
                           text-align: left; padding: 8px; }
QPushButton#carteChiffre:hover { background: #e2eaf4; border-color: #1f3b63; }
QPushButton#carteChiffre[sansLien="true"]:hover { background: #eef2f7; border-color: #d5dde8; }
QLabel#valeurChiffre { font-size: 24px; font-weight: bold; color: #1f3b63; }
QLabel#precedentChiffre { color: #666666; font-size: 11px; }
"""


class FigureCard(QPushButton):
    """One key figure; clicking it opens the list behind it."""

    opened = Signal(object)

    def __init__(self, chiffre, parent=None):
        super().__init__(parent)
        self.chiffre = chiffre
        self.setObjectName("carteChiffre")
        self.setMinimumSize(190, 92)
        col = QVBoxLayout(self)
        col.setContentsMargins(10, 6, 10, 6)
        for text, name in ((chiffre.text, "valeurChiffre"), (chiffre.figure.label, "libelleChiffre"),
                           (chiffre.previous_text, "precedentChiffre")):
            label = QLabel(text)
            label.setObjectName(name)
            label.setWordWrap(True)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            col.addWidget(label)
        link = chiffre.figure.link
        self.has_link = link is not None
        # a figure without a list behind it looks like the others (greyed, it read as broken)
        self.setProperty("sansLien", link is None)
        if link is None:
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.setToolTip("Ce chiffre n'a pas de liste détaillée.")
        else:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip("Ouvrir la liste correspondante")
            self.clicked.connect(lambda: self.opened.emit(link))


class DashboardPage(QWidget):
    def __init__(self, services, window, parent=None):
        super().__init__(parent)
        self.services = services
        self.window_ = window
        self.data = None
        self.task: Task | None = None
        self.cards: dict[str, FigureCard] = {}
        self.setStyleSheet(CARD_STYLE)
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        layout.addWidget(self.scroll, 1)
        self.body = QWidget()
        self.scroll.setWidget(self.body)

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.title = QLabel("Tableau de bord")
        self.title.setObjectName("pageTitle")
        row.addWidget(self.title, 1)
        self.site = QComboBox()
        self.site.addItem("Toute la Mission Locale", None)
        for s in self.services.settings.sites():
            self.site.addItem(s.nom, s.id)
        self.site.currentIndexChanged.connect(lambda _i: self.refresh())
        self._site_id, self._parts = None, {}
        self.status = QLabel()
        reload = QPushButton("Actualiser")
        reload.setShortcut("F5")
        reload.setToolTip("Recalculer les chiffres (F5)")
        reload.clicked.connect(lambda: self.refresh(force=True))
        for w in (self.status, self.site, reload):
            row.addWidget(w)
        return row

    # --- loading: each part once per data change, off the GUI thread, shown as it comes ----
    def refresh(self, force: bool = False) -> None:
        """Show the figures: the parts already computed for the data as they are at once, the
        others computed one after the other in the thread pool, each shown when it arrives."""
        if self.task is not None:
            return
        service, site_id = self.services.tableau_de_bord, self.site.currentData()
        if force:
            service.forget()
        self._site_id = site_id
        self._parts = {}
        for name in PARTS:
            value = service.cached(name, None, site_id)
            if value is not None:
                self._parts[name] = value
        self._render()
        self._next()

    def _next(self) -> None:
        missing = [name for name in PARTS if name not in self._parts]
        if not missing:
            self.task = None
            return
        name, service, site_id = missing[0], self.services.tableau_de_bord, self._site_id
        self.task = Task(lambda _progress, _cancelled: service.part(name, None, site_id))
        self.task.signals.succeeded.connect(lambda value, n=name: self._arrived(n, value))
        self.task.signals.failed.connect(self._failed)
        self.status.setText("Calcul…")
        start(self.task)

    def _arrived(self, name: str, value) -> None:
        self.task = None
        if self._site_id != self.site.currentData():  # the site changed meanwhile
            self.refresh()
            return
        self._parts[name] = value
        self._render()
        self._next()

    def _failed(self, err) -> None:
        self.task = None
        self.status.setText("Chiffres indisponibles.")
        from ..dialogs.messages import show_error
        show_error(self, err)

    @property
    def loaded(self) -> bool:
        return self.data is not None and self.task is None

    def show_data(self, data) -> None:
        """Show a whole TableauDeBord (every part at once)."""
        self.task = None
        self._site_id = data.site_id
        self._parts = {"groupes": (data.groupes, data.situation), "a_traiter": data.a_traiter,
                       "graphiques": data.graphiques}
        self._render()

    def _render(self) -> None:
        parts = self._parts
        complete = all(name in parts for name in PARTS)
        service = self.services.tableau_de_bord
        self.data = service.assemble(None, self._site_id, parts) if complete else None
        self.cards = {}
        period, _ = service._periods(None)
        self.title.setText(f"Tableau de bord — année {period.start.year}")
        if "groupes" in parts:
            self.status.setText(f"Situation au {parts['groupes'][1]:%d/%m/%Y}")
        body = QWidget()
        col = QVBoxLayout(body)
        if parts.get("a_traiter"):
            col.addWidget(self._group("À traiter", parts["a_traiter"]))
        for groupe in parts.get("groupes", ((), None))[0]:
            col.addWidget(self._group(groupe.title, groupe.chiffres))
        if "graphiques" in parts:
            col.addWidget(self._charts(parts["graphiques"]))
        if not complete:
            waiting = QLabel("Calcul des autres chiffres…")
            waiting.setObjectName("calculEnCours")
            col.addWidget(waiting)
        col.addStretch(1)
        self.scroll.setWidget(body)
        self.body = body

    def _group(self, title: str, chiffres) -> QGroupBox:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        for i, chiffre in enumerate(chiffres):
            card = FigureCard(chiffre)
            card.opened.connect(self.open_link)
            self.cards[chiffre.figure.key] = card
            grid.addWidget(card, i // 4, i % 4)
        return box

    def _charts(self, graphiques) -> QGroupBox:
        box = QGroupBox("Graphiques")
        grid = QGridLayout(box)
        for i, g in enumerate(graphiques):
            cell = QVBoxLayout()
            title = QLabel(f"<b>{g.figure.title}</b>")
            widget = QSvgWidget()
            widget.load(QByteArray(g.svg.encode("utf-8")))
            widget.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
            widget.setMinimumSize(380, 190)
            cell.addWidget(title)
            cell.addWidget(widget, 1)
            grid.addLayout(cell, i // 2, i % 2)
        return box

    def open_link(self, link) -> None:
        """Open the list behind a figure (the area's page interprets ``link.payload``)."""
        self.window_.open_item(link.area, link.kind, link.payload)
