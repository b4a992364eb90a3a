"""What every report builder shares: the build context, comparison and breakdown tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from ...domain.dates import MONTHS_FR
from ...reports.model import Figure, Period, Series, Table
from ..bilans_queries.common import Runner, Scope

CodeList = Iterable[tuple[object, str]]
NON_RENSEIGNE = "Non renseigné"


@dataclass
class Ctx:
    """Inputs of a report builder: the runner, both scopes and periods, and a progress tick
    (which raises ``Cancelled`` when the user cancelled)."""

    q: Runner
    cur: Scope
    prev: Scope
    period: Period
    previous: Period
    today: date
    service_emploi: str = "France Travail"
    tick: Callable[[str], None] = lambda _message: None

    def both(self, func, *args):
        """``func`` over the current then the previous scope."""
        return func(self.q, self.cur, *args), func(self.q, self.prev, *args)

    @property
    def whole_ml(self) -> bool:
        return self.cur.site_id is None


def evolution(cur: float | None, prev: float | None) -> float | None:
    """Change in percent from ``prev`` to ``cur`` (None when there is no base)."""
    if cur is None or not prev:
        return None
    return (cur - prev) * 100.0 / prev


def share(part: float, total: float) -> float | None:
    return part * 100.0 / total if total else None


def compare(ctx: Ctx, name: str, rows: Iterable[tuple[str, float | None, float | None]],
            kind: str = "int", title: str | None = None, note: str | None = None,
            header: str = "Indicateur") -> Table:
    """Indicator | current | previous | evolution. The evolution column is for counts only:
    that of an average or a percentage would mislead."""
    headers = [header, ctx.period.short, ctx.previous.short]
    if kind != "int":
        return Table(name, headers, [[label, cur, prev] for label, cur, prev in rows], ["text", kind, kind],
                     note=note, title=title, widths=[4.2, 1.3, 1.3])
    body = [[label, cur, prev, evolution(cur, prev)] for label, cur, prev in rows]
    return Table(name, [*headers, "Évolution"], body, ["text", kind, kind, "evol"], note=note, title=title,
                 widths=[4.2, 1.3, 1.3, 1.3])


def _label_of(labels: dict, key) -> str:
    if key in (None, ""):
        return NON_RENSEIGNE
    return labels.get(key, str(key))


def breakdown(ctx: Ctx, name: str, header: str, codes: CodeList, cur: Mapping, prev: Mapping,
              totals: tuple[int, int] | None = None, title: str | None = None,
              note: str | None = None, keep_empty: bool = True) -> Table:
    """One line per code (known codes first, then any other value met), counts and shares of
    both periods, and a total line. ``totals`` overrides the sums (multi-valued axes)."""
    labels = dict(codes)
    keys = list(labels)
    keys += sorted((k for k in {*cur, *prev} if k not in labels), key=lambda k: str(k or "~"))
    tot_cur, tot_prev = totals or (sum(cur.values()), sum(prev.values()))
    rows = []
    for key in keys:
        c, p = int(cur.get(key, 0)), int(prev.get(key, 0))
        if c or p or (keep_empty and key in labels):
            rows.append([_label_of(labels, key), c, share(c, tot_cur), p, share(p, tot_prev)])
    total = ["Total", tot_cur, 100.0 if tot_cur else None, tot_prev, 100.0 if tot_prev else None]
    return Table(name, [header, ctx.period.short, "%", ctx.previous.short, "% "], rows,
                 ["text", "int", "pct", "int", "pct"], total=total, title=title, note=note,
                 widths=[4.6, 1.2, 1.0, 1.2, 1.0])


def breakdown_figure(table: Table, name: str, title: str, kind: str = "bar",
                     both: bool = True) -> Figure:
    """A chart of a breakdown table's counts (current, and previous when ``both``)."""
    series = [Series(table.headers[1], [float(r[1]) for r in table.rows])]
    if both:
        series.append(Series(table.headers[3], [float(r[3]) for r in table.rows]))
    return Figure(name, kind, title, [str(r[0]) for r in table.rows], series)


def month_keys(period: Period) -> list[tuple[int, int]]:
    """(year, month) of every month the period touches."""
    keys, (y, m) = [], (period.start.year, period.start.month)
    while (y, m) <= (period.end.year, period.end.month):
        keys.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return keys


def month_name(year: int, month: int, with_year: bool) -> str:
    name = MONTHS_FR[month - 1].capitalize()
    return f"{name} {year}" if with_year else name


def names(q: Runner, table: str) -> dict[str, str]:
    """id (32 hex digits, as raw queries return it) -> display name, for users and sites."""
    if table == "utilisateur":
        rows = q.all("SELECT id, prenom || ' ' || nom FROM utilisateur", {})
    else:
        rows = q.all("SELECT id, nom FROM site", {})
    return {str(i): label for i, label in rows}


def no_data_text(ctx: Ctx, what: str) -> str:
    where = "pour l'ensemble de la Mission Locale" if ctx.whole_ml else "pour le site choisi"
    return (f"Aucune donnée n'est enregistrée pour la période ({ctx.period.label}) {where} : "
            f"{what}. Vérifiez la période et le site choisis, ou complétez la saisie de "
            "l'activité ; le rapport sera alors à rééditer.")
