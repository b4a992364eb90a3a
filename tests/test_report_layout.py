"""The report PDF for a steering committee (issues 20.2 and 19.11): row-level annexes only on
request, as fixed-geometry pages drawn once; headings and short tables kept with what follows;
no near-empty page; ReportLab's C accelerator optional."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date, datetime

import pytest

from milo_desktop.persistence.migrations import open_store
from milo_desktop.reports import pdf_annex
from milo_desktop.reports.model import Identity, Period, Report, Section, Table
from milo_desktop.reports.pdf_report import build_pdf
from milo_desktop.services import AppContext, Services

TODAY = date(2026, 11, 24)
KINDS = ("bilan-partenariat", "mission-jeunes", "partenariats-entreprises", "repartition",
         "interim-semestre")


def pdf_pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader
    return [re.sub(r"[ \n]+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    services = Services(AppContext(open_store(tmp_path_factory.mktemp("rapport")), today=lambda: TODAY))
    services.demo.generate(1500, seed=5, now=datetime(2026, 11, 24, 8, 30))
    yield services
    services.ctx.store.close()


def _report(services, kind):
    period = services.bilans.period(kind, 2026, semester=1 if kind == "interim-semestre" else None)
    return services.bilans.compute(kind, period.start, period.end)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("annexes", [False, True])
def test_no_near_empty_page_in_the_reports_of_a_demo_store(demo, kind, annexes):
    """Apart from the cover, the contents and the last page, every page is at least 40 % full
    (a heading alone, or a short table pushed away, left pages a quarter full)."""
    fills: list[float] = []
    build_pdf(_report(demo, kind), annexes=annexes, fills=fills)
    body = fills[2:-1]
    assert all(f >= 0.40 for f in body), (kind, fills)


def test_the_partnership_pdf_leaves_row_level_lists_to_the_workbook(demo, tmp_path):
    result = demo.bilans.generate("bilan-partenariat", year=2026, out_pdf=tmp_path / "b.pdf",
                                  out_xlsx=tmp_path / "b.xlsx")
    delegated = result.report.table("Offres déléguées")
    assert delegated.annex and len(delegated.rows) > 20
    pages = pdf_pages(result.pdf)
    text = " ".join(pages)
    assert "feuille « Offres déléguées » du classeur Excel" in text
    assert delegated.rows[0][1] not in text.split("Annexe — offres en délégation")[-1]
    assert len(pages) < 25  # figures, charts and short tables
    from openpyxl import load_workbook
    sheet = load_workbook(result.exports[0], read_only=True)["Offres déléguées"]
    assert sheet.max_row == len(delegated.rows) + 2  # header, rows, total


def _long_report(n: int) -> Report:
    rows = [[date(2026, 1, 1 + i % 28), f"Intitulé {i:05d}", "Entreprise " * 3, i % 7] for i in range(n)]
    table = Table("Liste", ["Recueil", "Intitulé", "Entreprise", "Postes"], rows,
                  ["date", "text", "text", "int"], total=["Total", f"{n} offres", "", sum(r[3] for r in rows)],
                  title="Liste détaillée", wrap=False, annex=True)
    return Report("test", "Rapport d'essai", "", Period.year(2026), Period.year(2025), None,
                  Identity("Mission Locale d'Essai"), TODAY,
                  [Section("Synthèse", [Table("Court", ["A", "B"], [["x", 1]], ["text", "int"])]),
                   Section("Annexe", [table])])


def test_an_annex_page_is_drawn_once_and_holds_every_row(monkeypatch):
    """The contents take several layout passes; annex pages take their room in each but are
    drawn only in the last: one drawing per page, every row once, header on every page."""
    drawn = []
    real = pdf_annex._draw
    monkeypatch.setattr(pdf_annex, "_draw", lambda canv, table, widths, headers, rows, h:
                        (drawn.append(len(rows)), real(canv, table, widths, headers, rows, h)))
    n = 1000
    pages = pdf_pages(build_pdf(_long_report(n), annexes=True))
    annex_pages = [p for p in pages if "Recueil Intitulé Entreprise Postes" in p]
    assert len(drawn) == len(annex_pages) > 10
    assert sum(drawn) == n + 1  # rows and the total line
    text = " ".join(pages)
    assert all(f"Intitulé {i:05d}" in text for i in range(n))
    assert "Total 1000 offres" in annex_pages[-1]
    assert f"page {len(pages)} sur {len(pages)}" in pages[-1]
    assert "Annexe" in pages[1] and "Intitulé 00000" in pages[2]  # in the contents; starts page 3


def test_without_annexes_the_pdf_says_where_the_rows_are():
    pages = pdf_pages(build_pdf(_long_report(1000)))
    assert len(pages) == 3
    assert "Liste détaillée (1 000 lignes) : feuille « Liste » du classeur Excel" in pages[2].replace("\u202f", " ")


def test_short_tables_stay_whole_with_their_title():
    tables = [Table(f"T{n}", ["Libellé", "Nombre"], [[f"ligne {n}.{i}", i] for i in range(1, 13)],
                    ["text", "int"], title=f"Tableau numéro {n}") for n in range(1, 13)]
    report = Report("test", "Rapport d'essai", "", Period.year(2026), Period.year(2025), None,
                    Identity("Mission Locale d'Essai"), TODAY, [Section("Beaucoup de tableaux", tables)])
    pages = pdf_pages(build_pdf(report))
    for n in range(1, 13):
        page = next(p for p in pages if f"Tableau numéro {n} " in p)
        assert f"ligne {n}.1 " in page and f"ligne {n}.12 " in page, n


def test_the_pdf_builds_without_the_c_accelerator(tmp_path):
    """rl-accel is installed for speed; ReportLab's pure-Python code must keep working."""
    code = (
        "import sys; sys.modules['_rl_accel'] = None\n"
        "from tests.test_report_layout import _long_report\n"
        "from milo_desktop.reports.pdf_report import build_pdf\n"
        "import reportlab.lib.rl_accel as a\n"
        "assert a._py_funcs, 'the C accelerator was used'\n"
        "pdf = build_pdf(_long_report(200), annexes=True)\n"
        "assert pdf.startswith(b'%PDF') and len(pdf) > 10000\n"
        "print('ok')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() == "ok", proc.stderr


def test_the_c_accelerator_is_installed():
    import reportlab.lib.rl_accel as accel
    assert not accel._py_funcs  # every function from _rl_accel
