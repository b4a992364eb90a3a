"""Look and feel: a calm stylesheet and icons from Qt's standard set."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle

_ICONS = {
    "tableau": QStyle.StandardPixmap.SP_ComputerIcon,
    "jeunes": QStyle.StandardPixmap.SP_DirHomeIcon,
    "cotraitance": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "offres": QStyle.StandardPixmap.SP_DriveNetIcon,
    "mission_jeunes": QStyle.StandardPixmap.SP_DialogYesButton,
    "bilans": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "parametres": QStyle.StandardPixmap.SP_FileDialogInfoView,
}

STYLESHEET = """
QListWidget#navigation { background: #1f3b63; color: white; border: none; font-size: 14px; }
QListWidget#navigation::item { padding: 10px 8px; }
QListWidget#navigation::item:selected { background: #e8833a; color: white; }
QLabel#emptyTitle { font-size: 20px; font-weight: bold; color: #1f3b63; padding: 8px; }
QLabel#pageTitle { font-size: 18px; font-weight: bold; color: #1f3b63; }
QLabel#chiffre { font-size: 26px; font-weight: bold; color: #1f3b63; }
QPushButton#filtreExtra { background: #e3f2fd; border: 1px solid #90caf9; border-radius: 10px;
                          padding: 2px 10px; }
QLabel.erreur, QLabel#erreur { color: #b00020; }
QTableView { gridline-color: #dde3ea; }
QHeaderView::section { background: #eef2f7; padding: 4px; border: none;
                       border-right: 1px solid #d0d7e2; font-weight: bold; }
"""


def area_icon(key: str, style):
    return style.standardIcon(_ICONS.get(key, QStyle.StandardPixmap.SP_FileIcon))
