"""Bilans page: generation in a worker thread, preview (QPdfView), cancel, print, save, export."""

from __future__ import annotations

import pytest

from tests.bilans import dataset


@pytest.fixture
def data(services, ref_data):
    return dataset.build(services, ref_data)


def test_generate_and_preview(window, qtbot, services, data):
    page = window.show_area("bilans")
    assert page.stack.currentWidget() is page.empty
    page.chooser.select_kind("repartition")
    page.chooser.generate.click()
    assert page.task is not None  # running off the GUI thread
    qtbot.waitUntil(lambda: page.task is None, timeout=30000)
    assert page.result.report.kind == "repartition"
    assert page.stack.currentWidget() is page.preview
    assert page.preview.page_count() == 4
    assert "Répartition des entrées en cotraitance" in page.heading.text()
    assert page.save_button.isEnabled() and page.print_button.isEnabled()
    assert "Bilan prêt (4 pages)" in page.chooser.status.text()


def test_semester_and_site_parameters(window, qtbot, services, data, ref_data):
    page = window.show_area("bilans")
    page.chooser.select_kind("interim-semestre")
    assert page.chooser.semester.currentData() == 1  # a semester report needs a semester
    page.chooser.semester.setCurrentIndex(2)
    page.chooser.site.setCurrentIndex(page.chooser.site.findText("Antenne de Pamiers"))
    params = page.chooser.params()
    assert params == {"code": "interim-semestre", "site": ref_data["sites"]["antenne"].id,
                      "year": 2026, "semester": 2}
    page.chooser.generate.click()
    qtbot.waitUntil(lambda: page.task is None, timeout=30000)
    assert page.result.report.period.label == "2e semestre 2026"
    assert page.result.report.site == "Antenne de Pamiers"


def test_free_period_end_before_start_is_refused(window, qtbot, services, data, monkeypatch):
    from PySide6.QtCore import QDate
    shown = []
    monkeypatch.setattr("milo_desktop.gui.dialogs.messages.show_error", lambda parent, err, *a: shown.append(err))
    page = window.show_area("bilans")
    page.chooser.by_dates.setChecked(True)
    page.chooser.start.setDate(QDate(2026, 6, 1))
    page.chooser.end.setDate(QDate(2026, 5, 1))
    page.chooser.generate.click()
    qtbot.waitUntil(lambda: page.task is None, timeout=30000)
    assert "précède le début" in shown[0].message
    assert page.result is None


def test_cancel_in_the_worker(window, qtbot, services, data):
    page = window.show_area("bilans")
    page.generate({"code": "bilan-partenariat", "year": 2026})
    page.cancel()
    qtbot.waitUntil(lambda: page.task is None, timeout=30000)
    assert page.chooser.status.text() == "Génération annulée."
    assert page.result is None and page.chooser.generate.isEnabled()
    assert not page.chooser.cancel.isVisible()


def test_print_save_and_export(window, qtbot, services, data, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrinter
    from pypdf import PdfReader
    from milo_desktop.gui.bilans.printing import render_to_printer
    page = window.show_area("bilans")
    page.chooser.select_kind("interim-semestre")
    page.chooser.generate.click()
    qtbot.waitUntil(lambda: page.task is None, timeout=30000)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "imprime.pdf"))
    assert render_to_printer(page.preview.document, printer) == page.preview.page_count()
    assert len(PdfReader(tmp_path / "imprime.pdf").pages) == page.preview.page_count()
    monkeypatch.setattr("milo_desktop.gui.dialogs.files.getSaveFileName",
                        lambda *a, **k: (str(tmp_path / a[2]), ""))
    page.save_pdf()
    saved = tmp_path / "interim-semestre-s1-2026.pdf"
    assert saved.read_bytes() == page.result.pdf
    page.export_tables()
    assert (tmp_path / "interim-semestre-s1-2026.xlsx").stat().st_size > 0
    assert "Tableaux exportés" in page.chooser.status.text()


def test_logos_dialog_refuses_a_missing_file(window, qtbot, services, tmp_path):
    from milo_desktop.gui.bilans.logos_dialog import LogosDialog
    dialog = LogosDialog(services, window)
    qtbot.addWidget(dialog)
    dialog.edits["fastt"].setText(str(tmp_path / "absent.png"))
    dialog.save()
    assert "image illisible" in dialog.error.text() and dialog.result() == 0
    dialog.edits["fastt"].clear()
    dialog.save()
    assert dialog.result() == 1 and services.settings.get("logo.fastt") is None


def test_sites_follow_the_settings(window, services):
    from milo_desktop.domain import referentiel as ref
    page = window.show_area("bilans")
    services.settings.save_site(ref.SiteInput("Point d'accueil de Lavelanet", "point_accueil"))
    window.show_area("tableau")
    window.show_area("bilans")
    assert page.chooser.site.findText("Point d'accueil de Lavelanet") > 0
