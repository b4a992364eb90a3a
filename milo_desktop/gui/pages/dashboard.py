"""Tableau de bord: the current year's key figures (the same functions as the bilans) and
charts, the work lists to handle; a click on a figure opens the list behind it."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout,
    QWidget,
)

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
        self.status = QLabel()
        reload = QPushButton("Actualiser")
        reload.setShortcut("F5")
        reload.setToolTip("Recalculer les chiffres (F5)")
        reload.clicked.connect(self.refresh)
        for w in (self.status, self.site, reload):
            row.addWidget(w)
        return row

    # --- loading in the worker thread -----------------------------------------------------
    def refresh(self) -> None:
        if self.task is not None:
            return
        service, site_id = self.services.tableau_de_bord, self.site.currentData()
        self.task = Task(lambda _progress, _cancelled: service.compute(site_id=site_id))
        self.task.signals.succeeded.connect(self.show_data)
        self.task.signals.failed.connect(self._failed)
        self.status.setText("Calcul…")
        start(self.task)

    def _failed(self, err) -> None:
        self.task = None
        self.status.setText("Chiffres indisponibles.")
        from ..dialogs.messages import show_error
        show_error(self, err)

    @property
    def loaded(self) -> bool:
        return self.data is not None and self.task is None

    def show_data(self, data) -> None:
        self.task = None
        self.data = data
        self.cards = {}
        self.title.setText(f"Tableau de bord — année {data.period.start.year}")
        self.status.setText(f"Situation au {data.situation:%d/%m/%Y}")
        body = QWidget()
        col = QVBoxLayout(body)
        if data.a_traiter:
            col.addWidget(self._group("À traiter", data.a_traiter))
        for groupe in data.groupes:
            col.addWidget(self._group(groupe.title, groupe.chiffres))
        col.addWidget(self._charts(data.graphiques))
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
