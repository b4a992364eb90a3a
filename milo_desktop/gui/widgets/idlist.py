"""A table model over an ordered id list, fetching rows in blocks (no proxy model).

Sorting and filtering happen in SQL (the source's ``ids(query)``); the model then resets.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ...domain.dates import format_date
from ...services.listing import ListQuery, ListSource

BLOCK = 200
CACHE_BLOCKS = 40


def display(value, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Decimal) or isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


class IdListModel(QAbstractTableModel):
    IdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, source: ListSource, parent=None):
        super().__init__(parent)
        self.source = source
        self.columns = list(source.columns)
        self.query = ListQuery()
        self._ids: list = []
        self._blocks: dict[int, dict] = {}

    # --- loading --------------------------------------------------------------------------
    def set_query(self, query: ListQuery) -> None:
        self.beginResetModel()
        self.query = query
        self._ids = self.source.ids(query)
        self._blocks.clear()
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self.query)

    # --- one row changed (a save): no reload of the ids -------------------------------------
    def update_row(self, id_) -> None:
        """After ``id_`` was saved (or created): its row is read again in place; it moves only
        if its sort key changed (found by bisection, a few two-id queries), leaves the list if
        it no longer matches, enters it if it now does."""
        row = self.row_of(id_)
        if row >= 0:
            near = [i for i in (self.id_at(row - 1), id_, self.id_at(row + 1)) if i is not None]
            if self.source.order_of(self.query, near) == near:
                self._reread(row)
                return
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._ids[row]
            self._blocks.clear()
            self.endRemoveRows()
        if not self.source.order_of(self.query, [id_]):
            return
        at = self._place(id_)
        if at is None:  # the list changed under us as well: read it again
            self.refresh()
            return
        self.beginInsertRows(QModelIndex(), at, at)
        self._ids.insert(at, id_)
        self._blocks.clear()
        self.endInsertRows()

    def _reread(self, row: int) -> None:
        block = self._blocks.get(row // BLOCK)
        if block is not None:
            block.update(self.source.rows([self._ids[row]]))
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def _place(self, id_) -> int | None:
        """Where ``id_`` goes in the (otherwise unchanged) list; None if a listed row is gone."""
        lo, hi = 0, len(self._ids)
        while lo < hi:
            mid = (lo + hi) // 2
            order = self.source.order_of(self.query, [self._ids[mid], id_])
            if len(order) != 2:
                return None
            if order[0] == id_:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def _row(self, row: int) -> dict | None:
        block = row // BLOCK
        if block not in self._blocks:
            if len(self._blocks) >= CACHE_BLOCKS:
                self._blocks.pop(next(iter(self._blocks)))
            ids = self._ids[block * BLOCK:(block + 1) * BLOCK]
            self._blocks[block] = self.source.rows(ids)
        return self._blocks[block].get(self._ids[row])

    # --- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        col = self.columns[index.column()]
        if role == self.IdRole:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            row = self._row(index.row())
            return display(row.get(col.key) if row else None, col.kind)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.kind in ("int", "decimal"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            row = self._row(index.row())
            colour = row.get("_couleur") if row else None
            if colour:
                from PySide6.QtGui import QColor
                return QColor(colour)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].label
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return  # no sort column yet: keep the source's own order
        col = self.columns[column]
        if not col.sortable:
            return
        self.set_query(self.query.with_(sort=col.key,
                                        descending=order == Qt.SortOrder.DescendingOrder))

    def id_at(self, row: int):
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, id_) -> int:
        try:
            return self._ids.index(id_)
        except ValueError:
            return -1

    @property
    def ids(self) -> list:
        return list(self._ids)
