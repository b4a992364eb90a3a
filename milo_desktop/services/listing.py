"""Plain descriptions shared by every list: columns, the query (search, filters, sort)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text | date | int | bool | decimal
    sortable: bool = True
    visible: bool = True
    width: int = 120


@dataclass(frozen=True)
class Filter:
    key: str
    label: str
    choices: tuple[tuple[Any, str], ...]  # (value, label); value None = "tous"


@dataclass(frozen=True)
class ListQuery:
    search: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
    sort: str | None = None
    descending: bool = False

    def with_(self, **changes) -> "ListQuery":
        from dataclasses import replace
        return replace(self, **changes)


class ListSource:
    """What a list screen needs from a service (see gui.widgets.idlist.IdListModel).

    ``ids(query)`` returns the ordered ids (sort and filter done in SQL); ``rows(ids)`` returns
    ``{id: {column key: value}}`` for one block of visible rows.
    """

    columns: tuple[Column, ...] = ()

    def filters(self) -> tuple[Filter, ...]:
        return ()

    def ids(self, query: ListQuery) -> list:
        raise NotImplementedError

    def rows(self, ids: list) -> dict:
        raise NotImplementedError

    def order_of(self, query: ListQuery, ids: list) -> list:
        """Those of ``ids`` the list of ``query`` holds, in its order (a saved row: is it still
        listed, is it still between its neighbours). Sources answer in SQL on these ids only;
        this fallback reads the whole list."""
        wanted = set(ids)
        return [i for i in self.ids(query) if i in wanted]

    def export_csv_rows(self, query: ListQuery, keys: list[str] | None = None):
        """Like :meth:`export_rows`, each cell already as ``csv_cell`` writes it (for
        ``write_csv(..., formatted=True)``), or None when the source only has the generic path."""
        return None

    def export_columns(self, keys: list[str] | None = None) -> list[Column]:
        """The columns an export writes: ``keys`` (the visible ones, in order), or all."""
        by_key = {c.key: c for c in self.columns}
        return list(self.columns) if keys is None else [by_key[k] for k in keys if k in by_key]

    def export_rows(self, query: ListQuery, keys: list[str] | None = None):
        """Rows for an export of what is shown (``keys``: the visible columns, in order):
        (headers, iterable of value lists)."""
        ids = self.ids(query)
        columns = self.export_columns(keys)
        headers = [c.label for c in columns]
        def gen():
            for start in range(0, len(ids), 1000):
                block = ids[start:start + 1000]
                data = self.rows(block)
                for i in block:
                    row = data.get(i)
                    if row is not None:
                        yield [row.get(c.key) for c in columns]
        return headers, gen()
