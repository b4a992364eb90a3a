"""Annual reports (bilans) and the DREETS semester table: compute, render (PDF), export (XLSX/CSV).

``compute`` reads every figure in one read transaction (a consistent snapshot) through the
functions of ``bilans_queries`` and assembles a :class:`~milo_desktop.reports.model.Report`
with the previous period beside the chosen one. ``generate`` chains compute, PDF and exports
with progress and cancel (``cancel()`` returning True raises ``Cancelled``).
"""

from __future__ import annotations

import importlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..domain.errors import DomainError
from ..domain.interim import ANNEE_MAX, ANNEE_MIN, semestre_bounds
from ..exchange.writing import Cancelled
from ..reports.model import Identity, Logo, Period, Report
from .base import Service
from .bilans_queries.common import Scope, SessionRunner
from .bilans_sections.common import Ctx

Progress = Callable[[int, int, str], None] | None
CancelCheck = Callable[[], bool] | None


@dataclass(frozen=True)
class ReportKind:
    code: str
    title: str
    description: str
    module: str
    logos: tuple[str, ...]
    semester: bool = False
    steps: int = 2
    # Row-level lists printed in the PDF by default (the DREETS table is its list).
    annexes: bool = False


KINDS: dict[str, ReportKind] = {k.code: k for k in (
    ReportKind("bilan-partenariat", "Bilan annuel du partenariat renforcé",
               "Cotraitance (flux, délais, états, sorties, entrées mensuelles et objectif, profils), "
               "offres, mises en relation et plateformes de vocation.", "partenariat",
               ("france_travail", "etat"), steps=9),
    ReportKind("mission-jeunes", "Bilan Mission Jeunes",
               "Orientations FASTT par besoin et par suite, conventions avec les agences d'emploi, "
               "jeunes orientés et mis à l'emploi, délégations, actions de la branche.",
               "mission_jeunes", ("fastt", "etat"), steps=3),
    ReportKind("partenariats-entreprises", "Bilan des partenariats entreprises",
               "Réseaux MEDEF et IMS : offres reçues, jeunes présentés, CV transmis avec "
               "consentement, événements et participants ; objectifs des plans d'action et réalisé.",
               "entreprises", ("medef", "ims"), steps=2),
    ReportKind("repartition", "Répartition des entrées en cotraitance",
               "Tableau annexe de la convention : clé de répartition et objectifs de chaque "
               "Mission Locale ; suivi mensuel de nos entrées.", "repartition",
               ("france_travail", "etat"), steps=2),
    ReportKind("interim-semestre", "Tableau semestriel des délégations d'intérim (DREETS)",
               "Par agence d'emploi : jeunes et missions des délégations en cours pendant le "
               "semestre, heures tombant dans le semestre.", "interim_semestre", ("etat", "fastt"), semester=True, steps=1,
               annexes=True),
)}

PARTNERS = {"france_travail": "France Travail", "etat": "Préfet de région — DREETS",
            "fastt": "FASTT", "medef": "MEDEF", "ims": "Les entreprises s'engagent — IMS"}


@dataclass
class GenerateResult:
    report: Report
    pdf: bytes
    pdf_path: Path | None = None
    exports: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


class _Ticker:
    def __init__(self, progress: Progress, cancel: CancelCheck, total: int, span: tuple[int, int]):
        self.progress, self.cancel, self.total, self.span, self.done = progress, cancel, total, span, 0

    def __call__(self, message: str) -> None:
        check(self.cancel)
        if self.progress:
            lo, hi = self.span
            self.progress(lo + (hi - lo) * min(self.done, self.total) // max(self.total, 1), 100, message)
        self.done += 1


def check(cancel: CancelCheck) -> None:
    if cancel is not None and cancel():
        raise Cancelled("Génération annulée.")


def kind_of(code: str) -> ReportKind:
    if code not in KINDS:
        raise DomainError(f"Rapport inconnu « {code} » (possibles : {', '.join(KINDS)}).", "rapport")
    return KINDS[code]


class BilansService(Service):
    # --- choices --------------------------------------------------------------------------
    def kinds(self) -> list[ReportKind]:
        return list(KINDS.values())

    def period(self, code: str, year: int | None = None, semester: int | None = None,
               start: date | None = None, end: date | None = None) -> Period:
        """The period of a report: a semester for the DREETS table, else a year or start/end."""
        kind = kind_of(code)
        if start is not None or end is not None:
            if start is None or end is None:
                raise DomainError("Période : indiquez la date de début et la date de fin.", "periode")
            return Period(start, end)
        if year is None:
            raise DomainError("Année : obligatoire.", "annee")
        if kind.semester and semester is None:
            raise DomainError("Semestre : indiquez 1 (janvier-juin) ou 2 (juillet-décembre).", "semestre")
        if semester is not None:
            return Period(*semestre_bounds(year, semester))
        if not ANNEE_MIN <= year <= ANNEE_MAX:
            raise DomainError(f"Année « {year} » : entre {ANNEE_MIN} et {ANNEE_MAX}.", "annee")
        return Period.year(year)

    def site_id_by_name(self, name: str | None) -> uuid.UUID | None:
        """A site's id from its name (accents and case ignored); French error when unknown."""
        if not name:
            return None
        from ..domain.text import fold
        sites = self.ctx_sites()
        for site_id, nom in sites:
            if fold(nom) == fold(name):
                return site_id
        known = ", ".join(f"« {nom} »" for _, nom in sites) or "aucun site n'est enregistré"
        raise DomainError(f"Site « {name} » inconnu (sites : {known}).", "site")

    def ctx_sites(self) -> list[tuple[uuid.UUID, str]]:
        """(id, name) of every site."""
        from .settings import SettingsService
        return [(s.id, s.nom) for s in SettingsService(self.ctx).sites()]

    def logos(self, code: str) -> list[Logo]:
        """The partner logos of a report (settings ``logo.<partner>``); the label stands in
        for a logo whose file is not set or missing."""
        from .settings import SettingsService
        settings = SettingsService(self.ctx)
        label = {"france_travail": settings.service_emploi_label()}
        return [Logo(label.get(key, PARTNERS[key]), settings.get(f"logo.{key}")) for key in kind_of(code).logos]

    def partner_logos(self) -> list[tuple[str, str, str | None]]:
        """Every partner logo setting: (key, label, image path or None)."""
        from .settings import SettingsService
        settings = SettingsService(self.ctx)
        return [(key, label, settings.get(f"logo.{key}")) for key, label in PARTNERS.items()]

    def set_partner_logo(self, key: str, path: str | None) -> None:
        """Set (or clear, with None) a partner's logo file; refused unless it is a readable image."""
        from ..reports.pdf_cover import usable_image
        from .settings import SettingsService
        if key not in PARTNERS:
            raise DomainError(f"Partenaire « {key} » inconnu.", "logo")
        if path and usable_image(path) is None:
            raise DomainError(f"Logo « {path} » : fichier introuvable ou image illisible (PNG ou JPEG attendu).",
                              "logo")
        SettingsService(self.ctx).set(f"logo.{key}", str(Path(path).resolve()) if path else None)

    # --- compute --------------------------------------------------------------------------
    def compute(self, code: str, start: date, end: date, site_id: uuid.UUID | None = None,
                progress: Progress = None, cancel: CancelCheck = None) -> Report:
        kind = kind_of(code)
        period = Period(start, end)
        previous = period.previous()
        identity, service_emploi, logos = self._identity(), self._service_label(), self.logos(code)
        site_name = dict(self.ctx_sites()).get(site_id) if site_id else None
        if site_id is not None and site_name is None:
            raise DomainError("Le site choisi n'existe plus.", "site")
        today = self.today()
        builder = importlib.import_module(f"{__package__}.bilans_sections.{kind.module}")
        with self.store.read() as s:
            ctx = Ctx(SessionRunner(s), Scope(period.start, period.end, site_id, today),
                      Scope(previous.start, previous.end, site_id, today), period, previous, today,
                      service_emploi, _Ticker(progress, cancel, kind.steps, (0, 60)))
            sections, empty = builder.build(ctx)
        check(cancel)
        return Report(code, builder.TITLE, self._subtitle(kind, identity, service_emploi), period, previous,
                      site_name, identity, today, sections, logos, empty)

    def _service_label(self) -> str:
        from .settings import SettingsService
        return SettingsService(self.ctx).service_emploi_label()

    def _identity(self) -> Identity:
        from .settings import SettingsService
        org = SettingsService(self.ctx).organisation().fields
        lines = [org.adresse or "", " ".join(x for x in (org.code_postal, org.commune) if x),
                 " — ".join(x for x in (org.telephone, org.email) if x)]
        return Identity(org.nom or "Mission Locale", tuple(x for x in lines if x.strip()),
                        org.libelle_service_emploi or "France Travail", org.logo_path)

    def _subtitle(self, kind: ReportKind, identity: Identity, service_emploi: str) -> str:
        if kind.code in ("bilan-partenariat", "repartition"):
            return f"Convention de partenariat renforcé avec {service_emploi}"
        if kind.code == "mission-jeunes":
            return "Convention avec les agences d'emploi et le FASTT"
        if kind.code == "interim-semestre":
            return "À l'attention de la DREETS"
        return "Réseaux MEDEF et IMS"

    # --- outputs --------------------------------------------------------------------------
    def render_pdf(self, report: Report, progress: Progress = None, cancel: CancelCheck = None,
                   annexes: bool | None = None) -> bytes:
        """The PDF; ``annexes`` prints the row-level lists (default: the kind's choice — for a
        steering committee the figures, with the lists in the workbook)."""
        from ..reports.pdf_report import build_pdf
        if annexes is None:
            annexes = kind_of(report.kind).annexes
        return build_pdf(report, progress=progress, cancel=cancel, annexes=annexes)

    def export(self, report: Report, path: str | Path, progress: Progress = None,
               cancel: CancelCheck = None) -> list[Path]:
        """Every table of the report: one sheet each (.xlsx), or one file each (.csv)."""
        from ..reports.xlsx_report import write_report
        return write_report(report, Path(path), progress=progress, cancel=cancel)

    def save_pdf(self, pdf: bytes, path: str | Path) -> Path:
        """Write a rendered PDF (atomically: a failure never leaves a half-written file)."""
        _check_targets(path, None)
        return _write_bytes(Path(path), pdf)

    def generate(self, code: str, *, year: int | None = None, semester: int | None = None,
                 start: date | None = None, end: date | None = None, site: str | uuid.UUID | None = None,
                 out_pdf: str | Path | None = None, out_xlsx: str | Path | None = None,
                 progress: Progress = None, cancel: CancelCheck = None,
                 annexes: bool | None = None) -> GenerateResult:
        period = self.period(code, year, semester, start, end)
        site_id = site if isinstance(site, uuid.UUID) or site is None else self.site_id_by_name(site)
        _check_targets(out_pdf, out_xlsx)
        clock = {"debut": time.perf_counter()}
        report = self.compute(code, period.start, period.end, site_id, progress, cancel)
        clock["calcul"] = time.perf_counter()
        pdf = self.render_pdf(report, _scaled(progress, 60, 95), cancel, annexes)
        clock["pdf"] = time.perf_counter()
        result = GenerateResult(report, pdf)
        if out_pdf is not None:
            result.pdf_path = _write_bytes(Path(out_pdf), pdf)
        if out_xlsx is not None:
            result.exports = self.export(report, out_xlsx, None, cancel)
        clock["fichiers"] = time.perf_counter()
        result.seconds = {k: clock[k] - clock[p] for p, k in zip(list(clock), list(clock)[1:])}
        if progress:
            progress(100, 100, "Terminé.")
        return result


def _scaled(progress: Progress, lo: int, hi: int) -> Progress:
    if progress is None:
        return None
    return lambda done, total, message="": progress(lo + (hi - lo) * done // max(total, 1), 100, message)


def _check_targets(out_pdf, out_xlsx) -> None:
    if out_pdf is not None and Path(out_pdf).suffix.lower() != ".pdf":
        raise DomainError(f"Fichier « {out_pdf} » : le rapport s'enregistre en .pdf.", "fichier")
    if out_xlsx is not None and Path(out_xlsx).suffix.lower() not in (".xlsx", ".ods", ".csv"):
        raise DomainError(f"Fichier « {out_xlsx} » : les tableaux s'exportent en .xlsx, .ods ou "
                          ".csv.", "fichier")
    for target in (out_pdf, out_xlsx):
        if target is not None and not Path(target).expanduser().resolve().parent.is_dir():
            raise DomainError(f"Dossier introuvable pour « {target} ».", "fichier")


def _write_bytes(path: Path, data: bytes) -> Path:
    from ..exchange.writing import write_bytes
    return write_bytes(path, data)
