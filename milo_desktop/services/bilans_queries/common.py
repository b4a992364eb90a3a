"""Scope of a query and the runners that execute the same SQL through SQLAlchemy or sqlite3."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol


@dataclass(frozen=True)
class Scope:
    """A period ``[start, end]``, an optional site, and ``as_of``: the day a situation ("jeunes
    en cotraitance au …") is measured (the period's end, or today when the period is running)."""

    start: date
    end: date
    site_id: uuid.UUID | None = None
    as_of: date | None = None

    @property
    def situation(self) -> date:
        """The period's end; today when the period is running (never before the start)."""
        if self.as_of is None or self.as_of >= self.end:
            return self.end
        return max(self.as_of, self.start)

    def params(self, **extra: Any) -> dict[str, Any]:
        """Bound values as SQLite stores them: ISO dates, UUIDs as 32 hex digits."""
        values: dict[str, Any] = {"start": self.start.isoformat(), "end": self.end.isoformat(),
                                  "asof": self.situation.isoformat()}
        if self.site_id is not None:
            values["site"] = self.site_id.hex
        values.update(extra)
        return values

    def site(self, column: str) -> str:
        """SQL fragment restricting ``column`` to the chosen site ('' for the whole ML)."""
        return f" AND {column} = :site" if self.site_id is not None else ""

    def jeune(self, alias: str) -> str:
        """The join to the young person ``j`` of ``alias``, needed only to filter on a site
        (skipped otherwise: one primary-key lookup per row saved)."""
        if self.site_id is None:
            return ""
        return f" JOIN jeune j ON j.id = {alias}.jeune_id"

    def jeune_site(self, alias: str) -> str:
        """``WHERE``-side companion of :meth:`jeune`."""
        return self.site("j.site_id")


def uid(value: Any) -> uuid.UUID | None:
    """A UUID read back from a raw query (32 hex digits), or None."""
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(hex=str(value))


class Runner(Protocol):
    def all(self, sql: str, params: dict[str, Any]) -> list[tuple]: ...


class SessionRunner:
    """Runs SQL text through a SQLAlchemy session (the application path)."""

    def __init__(self, session):
        from sqlalchemy import text
        self._session = session
        self._text = text

    def all(self, sql: str, params: dict[str, Any]) -> list[tuple]:
        return [tuple(r) for r in self._session.execute(self._text(sql), params).all()]


class SqliteRunner:
    """Runs the same SQL text through a raw ``sqlite3`` connection (benchmark baseline)."""

    def __init__(self, connection):
        self._conn = connection

    def all(self, sql: str, params: dict[str, Any]) -> list[tuple]:
        return self._conn.execute(sql, params).fetchall()


def one(runner: Runner, sql: str, params: dict[str, Any]) -> tuple:
    rows = runner.all(sql, params)
    return rows[0] if rows else ()


def n(value: Any) -> int:
    """SUM() of no row is NULL: count it as 0."""
    return int(value or 0)


def fl(value: Any) -> float:
    return float(value or 0)


def between(column: str) -> str:
    return f"{column} BETWEEN :start AND :end"


AGE_AT = ("(CAST(substr({d},1,4) AS INTEGER) - CAST(substr(j.date_naissance,1,4) AS INTEGER)"
          " - (substr({d},6,5) < substr(j.date_naissance,6,5)))")


def age_band_sql(date_column: str) -> str:
    """Age band (16-17, 18-21, 22-25) of the young person ``j`` on ``date_column``."""
    age = AGE_AT.format(d=date_column)
    return (f"CASE WHEN {age} < 18 THEN '16-17' WHEN {age} < 22 THEN '18-21' "
            f"ELSE '22-25' END")
