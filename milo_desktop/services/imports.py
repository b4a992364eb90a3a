"""Import of young people, employers and offers from CSV or XLSX files.

``analyse`` reads the file, matches its headers and validates every row with the domain,
writing nothing: an :class:`ImportPreview` with the counts and, for each rejected row, its
line, column, value and reason. ``run`` writes the valid rows — only when no row is rejected,
or when the user chose to import the valid ones — in one transaction after a backup. Rows
already in the store (matched again inside that transaction) are updated or skipped, never
duplicated: the same file imported twice creates nothing new.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.communes import pair_warning
from ..domain.errors import DomainError, ValidationError
from ..domain.text import escape_controls, excerpt, french_int
from ..exchange.bounds import ROWS_DEFAULT, ROWS_SETTING, Limits
from ..exchange.headers import Mapping, apply_mapping, mapped_values, match_headers, normalise
from ..exchange.reading import WORKBOOK_NAMES, RawRow, TableStream, iter_table
from ..exchange.repairs import Repair, repair
from ..exchange.templates import schema
from .base import Service
from .import_rows import kind_module
from .import_rows import undo
from .import_rows.common import CHUNK, Directory, Plan, Prepared, Ticker

EXISTING_MODES = ("skip", "update")
REJECT_COLUMN = "motif du rejet"
NOUNS = {"jeunes": "jeune", "entreprises": "entreprise", "offres": "offre"}
REPEATS_SHOWN = 10


def _n(number: int) -> str:
    return french_int(number)


@dataclass(frozen=True)
class Rejection:
    """One problem of a rejected row: ``column`` as headed in the file."""

    line: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class RejectedRow:
    line: int
    values: dict[str, str]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ImportPreview:
    kind: str
    path: Path
    mapping: Mapping
    source: str
    total: int
    valid: int
    rejected: tuple[Rejection, ...]
    rejected_rows: int
    duplicates_in_file: int
    new: int
    existing: int
    rows: tuple[Prepared, ...] = field(default=(), repr=False, compare=False)
    rejected_raw: tuple[RejectedRow, ...] = field(default=(), repr=False, compare=False)
    samples: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    repairs: tuple[Rejection, ...] = ()  # values repaired before validation (zeros put back)
    repeats: tuple[tuple[int, int], ...] = ()  # (line, earlier line it repeats exactly)
    # valid rows imported as they are, with something to check (a commune the postcode lacks)
    warnings: tuple[Rejection, ...] = ()

    @property
    def duplicates_in_store(self) -> int:
        return self.existing

    @property
    def ready(self) -> bool:
        """Every required column is in the file (the rows could be checked)."""
        return self.mapping.ok

    @property
    def unknown_columns(self) -> list[str]:
        return [h for h in self.mapping.unknown if normalise(h) != normalise(REJECT_COLUMN)]

    @property
    def needs_mapping(self) -> bool:
        return not self.ready or bool(self.unknown_columns)

    def missing_labels(self) -> list[str]:
        labels = {s.name: s.label for s in self.mapping.schema}
        return [labels[name] for name in self.mapping.missing_required]

    def summary(self) -> list[str]:
        """The preview in French, one line each (CLI report, GUI preview page)."""
        if not self.ready:
            return [f"Colonnes obligatoires absentes : {', '.join(self.missing_labels())}."]
        noun = NOUNS[self.kind]
        lines = [f"{_n(self.total)} ligne(s) lue(s) : {_n(self.valid)} valide(s), "
                 f"{_n(self.rejected_rows)} rejetée(s).",
                 f"Parmi les lignes valides : {_n(self.new)} nouvelle(s) fiche(s) {noun}, "
                 f"{_n(self.existing)} déjà dans la base."]
        if self.duplicates_in_file:
            shown = ", ".join(f"ligne {line} = ligne {first}"
                              for line, first in self.repeats[:REPEATS_SHOWN])
            more = " …" if len(self.repeats) > REPEATS_SHOWN else ""
            lines.append(f"{_n(self.duplicates_in_file)} ligne(s) en double dans le fichier, "
                         f"identique(s) à une ligne précédente ({shown}{more}) : ignorée(s).")
        if self.repairs:
            lines.append(f"{_n(len(self.repairs))} valeur(s) réparée(s) avant la vérification "
                         "(zéros initiaux perdus par le tableur : codes postaux, téléphones, "
                         "identifiants France Travail) ; le détail suit.")
        if self.warnings:
            lines.append(f"{_n(len(self.warnings))} avertissement(s) sur des lignes valides "
                         "(importées telles quelles, à vérifier) : commune absente de la liste "
                         "officielle pour ce code postal.")
        return lines

    def warning_lines(self, limit: int | None = None) -> list[str]:
        """One French line per warning (``limit`` first ones, then how many are left)."""
        shown = self.warnings if limit is None else self.warnings[:limit]
        lines = [f"ligne {w.line} : {w.reason}" for w in shown]
        if len(shown) < len(self.warnings):
            lines.append(f"… et {_n(len(self.warnings) - len(shown))} autre(s) avertissement(s).")
        return lines


@dataclass(frozen=True)
class ImportReport:
    kind: str
    written: bool
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected_rows: int = 0
    duplicates_in_file: int = 0
    details: tuple[tuple[str, int], ...] = ()
    notes: tuple[str, ...] = ()
    backup: Path | None = None

    def summary(self) -> list[str]:
        if not self.written:
            if self.rejected_rows:
                return [f"Rien n'a été importé : {_n(self.rejected_rows)} ligne(s) rejetée(s). "
                        "Corrigez le fichier, ou choisissez de n'importer que les lignes valides."]
            return ["Rien n'a été importé : aucune ligne à importer."]
        lines = [f"Import terminé : {_n(self.created)} créée(s), {_n(self.updated)} mise(s) à "
                 f"jour, {_n(self.skipped)} ignorée(s) (déjà dans la base ou non importables)."]
        lines += [f"{what[:1].upper()}{what[1:]} : {_n(n)}" for what, n in self.details]
        if self.rejected_rows:
            lines.append(f"{_n(self.rejected_rows)} ligne(s) rejetée(s) non importée(s).")
        lines += [f"Remarque — {note}" for note in self.notes]
        if self.backup:
            lines.append(f"Copie de sûreté de l'import (ce qu'il a créé et modifié) : "
                         f"{self.backup} — pour annuler l'import : milo-desktop import "
                         "--annuler ce-fichier.")
        return lines


class ImportsService(Service):
    # --- kinds and templates ---------------------------------------------------------------
    def kinds(self) -> list[tuple[str, str]]:
        """``(kind, French title)`` of every import kind."""
        from ..exchange.templates import SCHEMAS, TITLES
        return [(kind, TITLES[kind]) for kind in SCHEMAS]

    def save_template(self, kind: str, path: Path | str) -> Path:
        """The documented template as a workbook (.xlsx: a sheet to fill, a sheet describing
        the columns) or a CSV with the header and the example line."""
        from ..exchange.templates import template_rows, template_sheets
        from ..exchange.writing import export_path_kind, write_csv, write_xlsx
        path = Path(path)
        if export_path_kind(path) != "csv":  # .xlsx or .ods
            write_xlsx(path, template_sheets(kind))
        else:
            headers, example = template_rows(kind)
            write_csv(path, headers, [example])
        return path

    # --- analyse ---------------------------------------------------------------------------
    def limits(self) -> Limits:
        """The bounds of a file to import; the row limit is a setting (Paramètres)."""
        from .settings import SettingsService
        rows = SettingsService(self.ctx).get(ROWS_SETTING, ROWS_DEFAULT)
        return Limits(rows=int(rows or ROWS_DEFAULT))

    def analyse(self, kind: str, path: Path | str, overrides: dict[str, str | None] | None = None,
                progress=None, cancel=None) -> ImportPreview:
        """Read and check the whole file; nothing is written. ``overrides``: the user's
        column choices ``{file header: column name or None}``.

        The rows are read as a stream and checked once: first each row alone (repairs, domain
        validation, repeats inside the file), then all of them against the store, by the
        rows' own keys in SQL."""
        module = kind_module(kind)
        path = Path(path)
        stream = iter_table(path, self.limits())
        self._start_integrity_check()
        mapping = match_headers(stream.headers, schema(kind))
        if overrides:
            mapping = apply_mapping(mapping, overrides)
        analysis = _Analysis(kind, mapping)
        samples = _Samples(stream.headers)
        ticker = Ticker(stream.rows_hint or 0, progress, cancel, "Vérification des lignes…")
        lookups = module.lookups(self._directory()) if mapping.ok else None
        for raw in stream.rows:
            if _is_comment(raw, stream.headers):
                continue
            samples.add(raw)
            analysis.total += 1
            if mapping.ok:
                analysis.add(module, raw, lookups)
            if analysis.total % CHUNK == 0:
                ticker.step(CHUNK)
        if mapping.ok:
            with self.store.read() as s:
                known = module.existing(s, analysis.candidates())
            analysis.match(module, known)
        return analysis.preview(path, _describe(stream), samples.values)

    # --- the store's integrity, checked while the file is analysed -------------------------
    INTEGRITY_FRESH = 300  # seconds a check made during the analysis stands for the write

    def _start_integrity_check(self) -> None:
        """SQLite's quick check reads the whole store (0.45 s at 100 000 young people, 1.3 s at
        300 000) in C, without the GIL: run it beside the analysis instead of before the write."""
        import threading
        import time
        if self.store.damage is not None:
            return
        thread = threading.Thread(target=self.store.check_integrity, daemon=True,
                                  name="milo-integrity")
        thread.start()
        self._integrity = (thread, time.monotonic())

    def _integrity_before_write(self) -> None:
        import time
        pending, self._integrity = getattr(self, "_integrity", None), None
        if pending is not None and time.monotonic() - pending[1] < self.INTEGRITY_FRESH:
            pending[0].join()
            if self.store.damage is not None:
                raise self.store.damage
            return
        self.store.before_bulk_write()

    def _directory(self) -> Directory:
        from .settings import SettingsService
        settings = SettingsService(self.ctx)
        return Directory(settings.utilisateurs(), settings.sites(), self.today(), self.ctx.site_id)

    # --- run -------------------------------------------------------------------------------
    def run(self, preview_or_path: ImportPreview | Path | str, valid_only: bool = False,
            existing: str = "skip", progress=None, cancel=None, kind: str | None = None
            ) -> ImportReport:
        """Write the valid rows in one transaction (after a backup of the store); nothing
        when rows are rejected and ``valid_only`` is False. ``existing``: "update" or "skip"."""
        if existing not in EXISTING_MODES:
            raise DomainError(f"Choix « {existing} » inconnu pour les fiches existantes : "
                              "update (mettre à jour) ou skip (ignorer).", "existing")
        preview = preview_or_path
        if not isinstance(preview, ImportPreview):
            preview = self.analyse(kind or "", preview_or_path, progress=progress, cancel=cancel)
        if not preview.ready:
            raise DomainError(preview.summary()[0], "colonnes")
        if (preview.rejected_rows and not valid_only) or not preview.rows:
            return ImportReport(preview.kind, False, rejected_rows=preview.rejected_rows,
                                duplicates_in_file=preview.duplicates_in_file)
        return self._write(preview, existing, progress, cancel)

    def _write(self, preview: ImportPreview, mode: str, progress, cancel) -> ImportReport:
        """One transaction. Its safety copy is the journal of what it creates and changes
        (:mod:`.import_rows.undo`), saved before the commit: it costs what the file costs,
        where a full backup costs what the store costs on every import."""
        module = kind_module(preview.kind)
        self._integrity_before_write()  # a damaged store is never written to (faults)
        _check_room(self.store, len(preview.rows))
        ticker = Ticker(len(preview.rows), progress, cancel, "Import en cours…")
        ticker.check()
        backup = _journal_path(self.store.path, self.store.backups_dir)
        try:
            with self.store.write() as s:
                journal = s.info[undo.KEY] = undo.Journal()
                known = module.existing(s, preview.rows)
                plan, notes, refused = self._plan(module, preview, known, mode)
                ticker.total = len(plan.new) + (len(plan.updates) if mode == "update" else 0)
                outcome = module.write(s, self.ctx, plan, ticker)
                journal.save(backup)
        except BaseException:
            backup.unlink(missing_ok=True)
            raise
        updated = len(plan.updates) if mode == "update" else 0
        skipped = refused + (0 if mode == "update" else len(plan.updates))
        return ImportReport(
            preview.kind, True, created=len(plan.new), updated=updated, skipped=skipped,
            rejected_rows=preview.rejected_rows, duplicates_in_file=preview.duplicates_in_file,
            details=tuple(outcome.details.items()),
            notes=tuple(notes + outcome.notes + _warned(preview)),
            backup=backup)

    def _plan(self, module, preview: ImportPreview, known: Any, mode: str):
        """Match every row again inside the write transaction: the store may have changed
        since the preview."""
        new, updates, notes, refused, taken = [], [], [], 0, {}
        for row in preview.rows:
            try:
                found = module.match(row, known)
            except DomainError as err:
                notes.append(f"ligne {row.line} ({row.label}) non importée : {err.message}")
                refused += 1
                continue
            if found is None and row.if_new:
                notes.append(f"ligne {row.line} ({row.label}) non créée : {row.if_new[1]}")
                refused += 1
            elif found is None:
                new.append(row)
            elif found in taken:
                notes.append(f"ligne {row.line} ({row.label}) non importée : même fiche de la "
                             f"base que la ligne {taken[found]} du fichier.")
                refused += 1
            else:
                taken[found] = row.line
                updates.append((found, row))
        plan = Plan(new, updates, mode, self.ctx.author, preview.path.name, known)
        return plan, notes, refused

    # --- undo ------------------------------------------------------------------------------
    def undo(self, journal: Path | str) -> tuple[int, int]:
        """Undo an import from its safety copy (``ImportReport.backup``): what it created is
        deleted, what it changed is put back, in one transaction. ``(deleted, restored)``;
        refused in French when the records were changed or completed since."""
        path = Path(journal)
        if not path.is_file():
            raise DomainError(f"La copie de sûreté « {path} » est introuvable.", "fichier")
        with self.store.write() as s:
            done = undo.undo(s, path)
        path.rename(path.with_name(path.name.replace(undo.PREFIX, undo.USED, 1)))
        return done

    # --- rejects ---------------------------------------------------------------------------
    def save_rejects(self, preview: ImportPreview, path: Path | str) -> int:
        """The rejected rows with their original columns and a « motif du rejet » column, as a
        CSV French Excel opens (and this import reads back once fixed)."""
        from ..exchange.writing import export_path_kind, write_csv
        if export_path_kind(path) != "csv":
            raise DomainError("Les lignes rejetées s'enregistrent en CSV : choisissez un nom de "
                              "fichier en .csv.", "fichier")
        headers = [h for h in preview.mapping.headers if normalise(h) != normalise(REJECT_COLUMN)]
        rows = [[r.values.get(h, "") for h in headers] + [" ; ".join(r.reasons)]
                for r in preview.rejected_raw]
        return write_csv(path, headers + [REJECT_COLUMN], rows)


# --- the analysis of one file -----------------------------------------------------------------

class _Analysis:
    """Collects valid rows, rejections, repairs and repeats: each row alone first (``add``, in
    file order), then every kept row against the store (``match``)."""

    def __init__(self, kind: str, mapping: Mapping):
        self.kind, self.mapping, self.total = kind, mapping, 0
        self.header_of = {name: header for header, name in mapping.mapping.items()}
        self.labels = {s.name: s.label for s in mapping.schema}
        self.pending: list[tuple[RawRow, Prepared, tuple[Repair, ...]]] = []
        self.rows: list[Prepared] = []
        self.rejections: list[Rejection] = []
        self.rejected_raw: list[RejectedRow] = []
        self.repairs: list[Rejection] = []
        self.repeats: list[tuple[int, int]] = []
        self.warnings: list[Rejection] = []
        self.seen: dict[tuple, Prepared] = {}
        self.matched: dict[uuid.UUID, int] = {}
        self.existing = 0

    # --- each row alone --------------------------------------------------------------------
    def add(self, module, raw: RawRow, lookups: Any) -> None:
        values, repairs = repair(mapped_values(raw.values, self.mapping))
        try:
            row = module.prepare(values, raw.line, lookups)
        except ValidationError as err:
            return self.reject(raw, list(err.problems.items()), repairs)
        except DomainError as err:
            return self.reject(raw, [(err.field or "", err.message)], repairs)
        repeated = next((k for k in row.keys if k in self.seen), None)
        if repeated is not None:
            return self._repeat(raw, row, self.seen[repeated], repeated[0], repairs)
        self.seen.update((k, row) for k in row.keys)
        self.pending.append((raw, row, repairs))

    def candidates(self) -> list[Prepared]:
        return [row for _, row, _ in self.pending]

    def _repeat(self, raw: RawRow, row: Prepared, first: Prepared, column: str,
                repairs: tuple[Repair, ...]) -> None:
        if first.signature == row.signature:
            self.repeats.append((raw.line, first.line))
            return
        self.reject(raw, [(column,
                           f"Même {NOUNS[self.kind]} que la ligne {first.line} du fichier "
                           f"({row.label}) avec des valeurs différentes : gardez une seule ligne.")],
                    repairs)

    # --- against the store -----------------------------------------------------------------
    def match(self, module, known: Any) -> None:
        for raw, row, repairs in self.pending:
            try:
                found = module.match(row, known)
            except DomainError as err:
                self.reject(raw, [(err.field or "", err.message)], repairs)
                continue
            self._accept(raw, row, found, repairs)
        self.pending = []

    def _accept(self, raw: RawRow, row: Prepared, found, repairs: tuple[Repair, ...]) -> None:
        if found is None and row.if_new:
            return self.reject(raw, [row.if_new], repairs)
        if found is not None and found in self.matched:
            return self.reject(raw, [("", f"{row.label} : même fiche de la base que la ligne "
                                          f"{self.matched[found]} du fichier.")], repairs)
        if found is not None:
            self.matched[found] = raw.line
            self.existing += 1
        self._note_repairs(raw, repairs)
        self.rows.append(row)
        self._warn(raw, row)

    def _warn(self, raw: RawRow, row: Prepared) -> None:
        """A postcode/commune pair the official list lacks: a warning, the row is kept."""
        header = self.header_of.get("commune")
        written = raw.values.get(header, "") if header else ""
        warning = pair_warning(row.record.get("code_postal"), written or row.record.get("commune"))
        if warning:
            self.warnings.append(Rejection(raw.line, header or "Commune", written, warning))

    # --- reports ---------------------------------------------------------------------------
    def _column(self, name: str) -> tuple[str, str | None]:
        header = self.header_of.get(name)
        return header or self.labels.get(name, ""), header

    def _note_repairs(self, raw: RawRow, repairs: tuple[Repair, ...]) -> None:
        for r in repairs:
            column, _ = self._column(r.column)
            self.repairs.append(Rejection(raw.line, column, shown(r.before),
                                          shown(r.note(self.labels.get(r.column, column)))))

    def reject(self, raw: RawRow, problems: list[tuple[str, str]],
               repairs: tuple[Repair, ...] = ()) -> None:
        repaired = {r.column: r for r in repairs}
        reasons = []
        for name, reason in problems:
            column, header = self._column(name)
            value = raw.values.get(header, "") if header else ""
            reason = _explained(reason, value, raw.notes.get(header or ""), repaired.get(name),
                                self.labels.get(name, column))
            self.rejections.append(Rejection(raw.line, column, shown(value), reason))
            reasons.append(reason)
        reasons += [shown(f"valeur réparée — {r.note(self.labels.get(r.column, r.column))}")
                    for r in repairs if r.column not in {n for n, _ in problems}]
        self.rejected_raw.append(RejectedRow(raw.line, raw.values, tuple(reasons)))

    def preview(self, path: Path, source: str, samples: dict[str, str]) -> ImportPreview:
        valid = len(self.rows)
        rejections = tuple(sorted(self.rejections, key=lambda r: r.line))
        rejected_raw = tuple(sorted(self.rejected_raw, key=lambda r: r.line))
        return ImportPreview(
            self.kind, path, self.mapping, source, self.total, valid, rejections,
            len(rejected_raw), len(self.repeats), valid - self.existing, self.existing,
            tuple(self.rows), rejected_raw, samples, tuple(self.repairs), tuple(self.repeats),
            tuple(self.warnings))


def shown(text: str) -> str:
    """A value or reason as a message may quote it: control characters escaped."""
    return escape_controls(text)


def _explained(reason: str, value: str, note: str | None, repaired: Repair | None,
               label: str) -> str:
    """The domain's reason with the bad value shortened and escaped, and what the file or the
    repair did to the cell."""
    if value and len(value) > 60:
        reason = reason.replace(value, excerpt(value))
    reason = shown(reason)
    if note and not value:
        reason += f" ({note})"
    if repaired is not None:
        reason += f" (valeur réparée — {shown(repaired.note(label))})"
    return reason


class _Samples:
    """An example value per column (the first non-empty one), for the column-mapping step."""

    def __init__(self, headers: list[str], look: int = 50):
        self.values = {h: "" for h in headers}
        self.left = look

    def add(self, row: RawRow) -> None:
        if self.left <= 0:
            return
        self.left -= 1
        for h, value in self.values.items():
            if not value and row.values.get(h):
                self.values[h] = excerpt(row.values[h])


ROOM_PER_ROW = 4_000  # bytes: the journal's id, the WAL's new pages (rows and their indexes)


def _check_room(store, rows: int) -> None:
    """Nothing starts without room for the import's safety copy and its writes (French
    DiskFull saying how much is needed)."""
    from ..persistence import faults
    folder = store.backups_dir if store.backups_dir.exists() else store.data_dir
    needed = 1_000_000 + ROOM_PER_ROW * rows
    free = faults.free_space(folder)
    if free is not None and free < needed:
        raise faults.no_room_for_backup(store.path, needed, free)


def _journal_path(store: Path, folder: Path) -> Path:
    from datetime import datetime
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{undo.PREFIX}avant-import-{stamp}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{undo.PREFIX}avant-import-{stamp}-{n}.db"
    return target


def _warned(preview: ImportPreview) -> list[str]:
    """The report's reminder of the valid rows imported with a warning."""
    lines = sorted({w.line for w in preview.warnings} & {r.line for r in preview.rows})
    if not lines:
        return []
    shown = ", ".join(str(n) for n in lines[:20]) + (" …" if len(lines) > 20 else "")
    return [f"{_n(len(lines))} ligne(s) importée(s) avec un avertissement à vérifier (commune "
            f"absente de la liste officielle pour ce code postal) : ligne(s) {shown}."]


def _is_comment(row: RawRow, headers: list[str]) -> bool:
    """A ``#`` line of the printed template's notes (they may hold a « ; »)."""
    return bool(headers) and row.values.get(headers[0], "").startswith("#")



def _describe(table: TableStream) -> str:
    if table.kind in WORKBOOK_NAMES:
        return f"{WORKBOOK_NAMES[table.kind]}, première feuille"
    separator = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}.get(table.delimiter or "", "?")
    return f"CSV, encodage {table.encoding}, séparateur {separator}"


__all__ = ["ImportPreview", "ImportReport", "ImportsService", "RejectedRow", "Rejection"]
