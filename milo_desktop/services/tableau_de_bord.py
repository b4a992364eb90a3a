"""Tableau de bord: the current year's key figures and charts, computed by the very functions
the reports use (``bilans_sections``), plus the cotraitance work-list counts.

Charts come as SVG text drawn by ``reports.charts`` (the same Drawing as in the PDF), so the
GUI only shows them.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import date

from ..reports.model import Figure, KeyFigure, Link, Period
from .base import Service
from .bilans_queries import cotraitance as qc
from .bilans_queries import mission_jeunes as qm
from .bilans_queries import offres as qo
from .bilans_queries.common import Scope, SessionRunner
from .bilans_sections import cotraitance, mission_jeunes, offres
from .bilans_sections.common import Ctx

WORK_LISTS = (
    ("a_accepter", "Affectations à accepter (relance)"),
    ("a_initialiser", "Parcours à initialiser"),
    ("en_alerte", "Dossiers en alerte"),
    ("suspendus", "Dossiers suspendus"),
    ("sorties_du_mois", "Sorties dues ce mois-ci"),
    ("sorties_en_retard", "Sorties en retard"),
    ("hors_territoire", "Déménagements hors territoire (sortie à demander)"),
    ("en_cours", "Dossiers ouverts"),
)


@dataclass(frozen=True)
class Chiffre:
    """A key figure and its French display text."""

    figure: KeyFigure
    text: str
    previous_text: str


@dataclass(frozen=True)
class Groupe:
    title: str
    chiffres: tuple[Chiffre, ...]


@dataclass(frozen=True)
class Graphique:
    figure: Figure
    svg: str


@dataclass(frozen=True)
class TableauDeBord:
    period: Period
    previous: Period
    situation: date
    site_id: uuid.UUID | None
    groupes: tuple[Groupe, ...]
    graphiques: tuple[Graphique, ...] = ()
    a_traiter: tuple[Chiffre, ...] = field(default=())

    def chiffre(self, key: str) -> KeyFigure:
        for g in (*self.groupes, Groupe("", self.a_traiter)):
            for c in g.chiffres:
                if c.figure.key == key:
                    return c.figure
        raise KeyError(key)


def _chiffre(fig: KeyFigure) -> Chiffre:
    from ..reports.pdf_tables import format_key_value, fmt_evol
    prev = ""
    if fig.previous is not None:
        prev = f"{fig.previous and format_key_value(fig, fig.previous) or '0'} l'an dernier"
        if fig.previous and fig.value is not None:
            prev += f" ({fmt_evol((fig.value - fig.previous) * 100 / fig.previous)})"
    return Chiffre(fig, format_key_value(fig, fig.value), prev)


def _svg(fig: Figure, width: float = 420, height: float = 210) -> Graphique:
    from ..reports.charts import drawing, to_svg
    return Graphique(fig, to_svg(drawing(fig, width, height)))


# The dashboard's parts, computed (and shown) one after the other: figures first.
PARTS = ("groupes", "a_traiter", "graphiques")


class TableauDeBordService(Service):
    """Each part is computed once per data change (``Store.data_stamp``) for a year, a site and
    a day, then served from memory: visiting the dashboard again costs nothing."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self._cache: dict[tuple, tuple[tuple, object]] = {}

    def compute(self, year: int | None = None, site_id: uuid.UUID | None = None,
                with_charts: bool = True) -> TableauDeBord:
        """Key figures of ``year`` (the current year by default) beside the previous year."""
        parts = {name: self.part(name, year, site_id) for name in PARTS
                 if with_charts or name != "graphiques"}
        return self.assemble(year, site_id, parts)

    def assemble(self, year: int | None, site_id, parts: dict) -> TableauDeBord:
        """The dashboard from its parts (``part(name, …)`` for each name of PARTS)."""
        period, previous = self._periods(year)
        groupes, situation = parts["groupes"]
        return TableauDeBord(period, previous, situation, site_id, groupes,
                             parts.get("graphiques", ()), parts["a_traiter"])

    def cached(self, name: str, year: int | None = None, site_id: uuid.UUID | None = None):
        """The part if it is known for the data as they are now, else None (to compute)."""
        hit = self._cache.get(self._key(name, year, site_id))
        if hit is not None and hit[0] == self.store.data_stamp():
            return hit[1]
        return None

    def part(self, name: str, year: int | None = None, site_id: uuid.UUID | None = None):
        """One part: ``groupes`` -> (groups of key figures, situation day), ``a_traiter`` ->
        the work-list figures, ``graphiques`` -> the charts as SVG."""
        value = self.cached(name, year, site_id)
        if value is None:
            stamp = self.store.data_stamp()
            value = getattr(self, f"_{name}")(year, site_id)
            self._cache[self._key(name, year, site_id)] = (stamp, value)
        return value

    def forget(self) -> None:
        """Recompute every part on the next call (« Actualiser »)."""
        self._cache.clear()

    def _key(self, name: str, year, site_id) -> tuple:
        return (name, year or self.today().year, site_id, self.today())

    def _periods(self, year):
        period = Period.year(year or self.today().year)
        return period, period.previous()

    def _ctx(self, s, year, site_id) -> Ctx:
        today = self.today()
        period, previous = self._periods(year)
        return Ctx(SessionRunner(s), Scope(period.start, period.end, site_id, today),
                   Scope(previous.start, previous.end, site_id, today), period, previous, today,
                   self._service_emploi())

    def _groupes(self, year, site_id):
        with self.store.read() as s:
            ctx = self._ctx(s, year, site_id)
            flux, situation = ctx.both(qc.flux), ctx.both(qc.situation)
            offers, mer = ctx.both(qo.offres_flux), ctx.both(qo.mises_en_relation)
            fastt, ins = ctx.both(qm.fastt_flux), ctx.both(qm.insertion)
            groupes = (
                Groupe("Cotraitance", tuple(map(_chiffre, cotraitance.key_figures(ctx, flux, situation)))),
                Groupe("Offres et mises en relation", tuple(map(_chiffre, offres.key_figures(ctx, offers, mer)))),
                Groupe("Mission Jeunes", tuple(map(_chiffre, mission_jeunes.key_figures(ctx, fastt, ins)))),
            )
            return groupes, ctx.cur.situation

    def _graphiques(self, year, site_id):
        from .bilans_sections.common import breakdown_figure
        with self.store.read() as s:
            ctx = self._ctx(s, year, site_id)
            situation = qc.situation(ctx.q, ctx.cur)
            suivi = cotraitance.suivi(ctx, ctx.both(qc.entrees_par_mois), cotraitance.objective_for(ctx))
            sorties = cotraitance.sorties_table(ctx, ctx.both(qc.sorties_par_motif))
            charts = [*cotraitance.suivi_figures(ctx, suivi), cotraitance.situation_figure(situation),
                      breakdown_figure(sorties, "Sorties", "Sorties par motif", "pie", both=False)]
        return tuple(_svg(f) for f in charts)

    def _a_traiter(self, year, site_id):
        with self.store.read() as s:
            ctx = self._ctx(s, year, site_id)
            a_saisir = qo.offres_a_saisir(ctx.q, ctx.cur)
        return self._work_list(a_saisir, site_id, ctx.service_emploi)

    def _service_emploi(self) -> str:
        from .settings import SettingsService
        return SettingsService(self.ctx).service_emploi_label()

    def _work_list(self, a_saisir: int, site_id, service_emploi: str) -> tuple[Chiffre, ...]:
        items = [KeyFigure(f"Offres à saisir chez {service_emploi}", a_saisir,
                           link=Link("offres", "liste", {"statut": "a_saisir", "site_id": site_id}),
                           key="offres_a_saisir")]
        counts = self._cotraitance_counts()
        for key, label in WORK_LISTS:
            if key in counts:
                items.append(KeyFigure(label, counts[key], link=Link("cotraitance", "liste_travail", key),
                                       key=f"cotraitance.{key}"))
        from .maintenance import MaintenanceService
        due = MaintenanceService(self.ctx).count_echus()
        if due:  # domain.retention: files to anonymise
            items.append(KeyFigure("Dossiers échus à anonymiser", due,
                                   link=Link("parametres", "anonymiser", None), key="anonymiser"))
        return tuple(_chiffre(f) for f in items)

    def _cotraitance_counts(self) -> dict[str, int]:
        """``CotraitanceService.work_list_counts()`` when that service is installed, else {}."""
        try:
            from .cotraitance import CotraitanceService
            counts = CotraitanceService(self.ctx).work_list_counts()
        except (ImportError, AttributeError):
            return {}
        if dataclasses.is_dataclass(counts):
            counts = dataclasses.asdict(counts)
        return {k: int(v) for k, v in dict(counts).items() if isinstance(v, int)}
