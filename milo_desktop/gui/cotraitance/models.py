"""Table models of the cotraitance screens (plain rows from the services, no SQL)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from ...domain.dates import format_date, month_label
from ...domain.errors import DomainError
from ...domain.text import french_int
from ...domain.objectifs import LigneCle, Repartition, arrondi, repartir

DISPLAY = Qt.ItemDataRole.DisplayRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LATE = QColor("#b00020")
ALERT_BG = QColor("#fde2e2")
OURS_BG = QColor("#fff2b3")


def fr_dec(value: Decimal | None, places: int = 2) -> str:
    return "" if value is None else f"{arrondi(value, places):.{places}f}".replace(".", ",")


def fr_int(value: int | None) -> str:
    return "" if value is None else french_int(value)


class _TableModel(QAbstractTableModel):
    """A table of ``self._rows`` under ``HEADERS``: its shape and header, shared by the models."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=DISPLAY):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None


class _ReadOnlyModel(_TableModel):
    """Rows of plain objects; subclasses define HEADERS and ``cell(row, column)``."""

    NUMERIC: frozenset[int] = frozenset()

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index, role=DISPLAY):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == DISPLAY:
            return self.cell(self._rows[index.row()], index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.NUMERIC:
            return RIGHT
        return self.style(self._rows[index.row()], index.column(), role)

    def cell(self, row, column: int) -> str:
        raise NotImplementedError

    def style(self, row, column: int, role):
        return None


class WorkListModel(_ReadOnlyModel):
    """One cotraitance work list (``services.cotraitance_lists.WorkRow``)."""

    NUMERIC = frozenset({5})

    def __init__(self, spec, parent=None):
        super().__init__(parent)
        self.spec = spec
        self.HEADERS = ("Nom", "Prénom", "Référent", "Site", spec.date_label, spec.jours_label,
                        "Affectation")

    def cell(self, row, column: int) -> str:
        values = (row.nom, row.prenom, row.referent or "", row.site or "",
                  format_date(row.date_reference), "" if row.jours is None else str(row.jours),
                  format_date(row.date_affectation))
        return values[column]

    def style(self, row, column: int, role):
        if role == Qt.ItemDataRole.ForegroundRole and row.en_retard and column in (4, 5):
            return LATE
        return None

    def id_at(self, row: int):
        item = self.row_at(row)
        return item.jeune_id if item else None


class EtapesModel(_ReadOnlyModel):
    """The chronology of an episode (``services.cotraitance.Etape``)."""

    HEADERS = ("Date", "Étape", "Détail")

    def cell(self, row, column: int) -> str:
        return (format_date(row.date), row.libelle, row.detail)[column]


class SuiviModel(_ReadOnlyModel):
    """Monthly follow-up (``domain.objectifs.SuiviMois``); months in alert are coloured."""

    HEADERS = ("Mois", "Entrées du mois", "Entrées cumulées", "Objectif cumulé", "Écart", "Alerte")
    NUMERIC = frozenset({1, 2, 3, 4})

    def __init__(self, year: int = 0, parent=None):
        super().__init__(parent)
        self.year = year

    def set_suivi(self, year: int, rows) -> None:
        self.year = year
        self.set_rows(rows)

    def cell(self, row, column: int) -> str:
        ecart = "" if row.ecart_pct is None else f"{fr_dec(row.ecart_pct, 1)}\u202f%"
        if row.ecart_pct is not None and row.ecart_pct > 0:
            ecart = "+" + ecart
        values = (month_label(self.year, row.mois).capitalize(), str(row.entrees),
                  str(row.entrees_cumulees), fr_dec(row.objectif_cumule, 1), ecart,
                  "Alerte" if row.alerte else "")
        return values[column]

    def style(self, row, column: int, role):
        if row.alerte and role == Qt.ItemDataRole.BackgroundRole:
            return ALERT_BG
        if row.alerte and role == Qt.ItemDataRole.ForegroundRole:
            return LATE
        return None


class ObjectifsModel(_TableModel):
    """The editable regional table; keys and objectives are recomputed on every change.

    Columns: c'est nous (check), Mission Locale, DEFM, clé activité (editable), then part DEFM,
    clé de répartition, objectif (computed by ``domain.objectifs.repartir``).
    """

    HEADERS = ("C'est nous", "Mission Locale", "DEFM\nfin déc.", "Clé activité /\nrésultat (%)",
               "Part DEFM\n(%)", "Clé de\nrépartition (%)", "Objectif\n(jeunes)")
    EDITABLE = (1, 2, 3)
    computed = Signal()
    edited = Signal()  # the user changed a cell or the « c'est nous » mark

    def __init__(self, parent=None):
        super().__init__(parent)
        self.nous: int | None = None
        self.total = 0
        self.repartition: Repartition | None = None
        self.error: DomainError | None = None

    # --- content ------------------------------------------------------------------------------
    def set_table(self, lignes, nous: int | None, total: int) -> None:
        self.beginResetModel()
        self._rows = [[l.mission_locale or "", _text(l.defm), _dec_text(l.cle_activite)] for l in lignes]
        self.nous = nous if nous is not None and 0 <= nous < len(self._rows) else None
        self.total = total
        self.endResetModel()
        self.recompute()

    def set_total(self, total: int) -> None:
        self.total = total
        self.recompute()

    def lignes(self) -> list[LigneCle]:
        return [LigneCle(n, d, c) for n, d, c in self._rows]

    def add_row(self) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(["", "", ""])
        self.endInsertRows()
        self.recompute()
        return row

    def remove_row(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        if self.nous is not None:
            self.nous = None if self.nous == row else self.nous - (self.nous > row)
        self.recompute()

    def recompute(self) -> None:
        try:
            self.repartition, self.error = repartir(self.lignes(), self.total), None
        except DomainError as err:
            self.repartition, self.error = None, err
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.HEADERS) - 1))
        self.computed.emit()

    # --- Qt model API -------------------------------------------------------------------------
    def flags(self, index):
        base = super().flags(index)
        if not index.isValid():
            return base
        if index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() in self.EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=DISPLAY):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == 0:
            return Qt.CheckState.Checked if row == self.nous else Qt.CheckState.Unchecked
        if role in (DISPLAY, Qt.ItemDataRole.EditRole):
            return self._cell(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 2:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and row == self.nous:
            return OURS_BG
        return None

    def _cell(self, row: int, col: int) -> str:
        if col == 0:
            return ""
        if col <= 3:
            return self._rows[row][col - 1]
        if self.repartition is None:
            return ""
        line = self.repartition.lignes[row]
        return (fr_dec(line.part_defm), fr_dec(line.cle_repartition), fr_int(line.objectif))[col - 4]

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        row, col = index.row(), index.column()
        if col == 0 and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.nous = row if checked else (None if self.nous == row else self.nous)
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.HEADERS) - 1))
            self.computed.emit()
            self.edited.emit()
            return True
        if col in self.EDITABLE and role == Qt.ItemDataRole.EditRole:
            self._rows[row][col - 1] = str(value or "").strip()
            self.recompute()
            self.edited.emit()
            return True
        return False


def _text(value) -> str:
    return "" if value is None else str(value)


def _dec_text(value) -> str:
    """A stored key (3 decimals at most) as typed in French: ``5,26``, ``7,00``, ``8,125``."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = f"{value.quantize(Decimal('0.001')):.3f}"
        return (text[:-1] if text.endswith("0") else text).replace(".", ",")
    return str(value)
