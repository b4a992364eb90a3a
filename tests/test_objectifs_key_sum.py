"""Issue 18 item 8: activity/result keys that do not sum to 100 % are said (service, CLI stderr,
GUI, PDF) and never rescaled silently; printed keys are two decimals of the exact computation."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from milo_desktop.cli.main import main
from milo_desktop.domain.objectifs import LigneCle, repartir
from milo_desktop.reports.objectifs_pdf import AnnexeData, build_pdf
from milo_desktop.services.bilans_sections.repartition import table as repartition_table

from .conftest import TODAY
from .test_objectifs_service import TOTAL, annex_lines

SUMS = {90: ("40", "30", "20"), 101: ("40", "31", "30")}


def lines(total_key: int) -> list[LigneCle]:
    return [LigneCle(n, 100, k) for n, k in zip(("Ariège", "Gers", "Lot"), SUMS[total_key])]


def text_of(data: bytes) -> str:
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.mark.parametrize("total_key, keys_sum", [(90, "95,00"), (101, "100,50")])
def test_the_sum_is_said_and_objectives_still_sum_to_the_total(services, total_key, keys_sum):
    saved = services.objectifs.save_table(2026, 100, lines(total_key), 0)
    rep = saved.repartition
    assert f"vaut {total_key},00\u202f% et non 100 %" in rep.avertissement
    assert f"totalisent {keys_sum}\u202f%" in rep.avertissement
    assert sum(l.objectif for l in rep.lignes) == 100
    # the keys themselves are not rescaled: (part DEFM + clé) / 2 as the annex defines them
    assert [l.cle_repartition for l in rep.lignes][0] == (Decimal(100) / 3 + 40) / 2


def test_the_agreement_annex_and_its_rounding_tolerance_say_nothing():
    assert repartir(annex_lines(), TOTAL).avertissement is None
    near = [LigneCle("A", 1, "33,33"), LigneCle("B", 1, "33,33"), LigneCle("C", 1, "33,33")]
    assert repartir(near, 10).avertissement is None  # 99,99: keys typed to two decimals
    assert repartir(near[:2] + [LigneCle("C", 1, "33,30")], 10).avertissement is not None


@pytest.mark.parametrize("total_key", [90, 101])
def test_cli_writes_the_warning_on_stderr(tmp_path, capsys, total_key):
    path = tmp_path / "t.csv"
    path.write_text("mission_locale;defm;cle_activite\n" + "".join(
        f"{l.mission_locale};{l.defm};{l.cle_activite}\n" for l in lines(total_key)), encoding="utf-8")
    code = main(["--data-dir", str(tmp_path / "base"), "objectifs", "--table", str(path), "--total", "100"])
    out, err = capsys.readouterr()
    assert code == 0 and err.startswith(f"Attention : la somme des clés activité/résultat vaut {total_key},00")
    assert "Attention" not in out and sum(int(r.split(";")[-1]) for r in out.splitlines()[1:]) == 100


def test_cli_says_nothing_on_the_annex(tmp_path, capsys):
    from .test_objectifs_service import annex_csv
    main(["--data-dir", str(tmp_path / "base"), "objectifs", "--table", str(annex_csv(tmp_path / "a.csv")),
          "--total", str(TOTAL)])
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("total_key", [90, 101])
def test_pdf_says_the_sum_and_how_values_are_printed(total_key):
    text = text_of(build_pdf(AnnexeData(2026, repartir(lines(total_key), 100), None, "ML", TODAY)))
    assert f"Attention : la somme des clés activité/résultat vaut {total_key},00 % et non 100 %" in text
    assert "ceux du calcul exact (sans arrondi intermédiaire), arrondis à deux décimales" in text


def test_report_table_keeps_two_decimals_of_the_exact_value():
    """(50 + 39,01) / 2 = 44,505 exactly: half up gives 44,51 (a float would print 44,50)."""
    from milo_desktop.services.bilans_queries.objectifs import Objectifs
    rep = repartir([LigneCle("A", 1, "60,99"), LigneCle("B", 1, "39,01")], 10)
    obj = Objectifs(2026, 10, Decimal(10), rep, None)
    t = repartition_table(obj)
    assert t.rows[1][4] == 44.51 and "arrondis à deux décimales" in t.note


def type_cell(qtbot, view, row: int, col: int, value: str) -> None:
    """Select the cell, F2 as a person would (unless the row was just added and its name cell
    is already being edited), type, Enter."""
    table = view.view
    index = view.model.index(row, col)
    if table.state() != table.State.EditingState:
        table.setCurrentIndex(index)
        qtbot.keyClick(table, Qt.Key.Key_F2)
    (editor,) = [w for w in table.viewport().findChildren(QLineEdit) if w.isVisible()]
    editor.selectAll()
    qtbot.keyClicks(editor, value)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits in a queued call
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState, timeout=5000)


def test_gui_shows_the_warning_while_the_keys_are_typed(qtbot, window, services):
    page = window.show_area("cotraitance")
    page.open_item("objectifs", None)
    view = page.objectifs
    view.total.setValue(100)
    for name, key in zip(("Ariege", "Gers", "Lot"), SUMS[90]):
        qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
        row = view.model.rowCount() - 1
        for col, value in ((1, name), (2, "100"), (3, key)):
            type_cell(qtbot, view, row, col, value)
    assert [view.model.data(view.model.index(r, 3)) for r in range(3)] == ["40", "30", "20"]
    assert view.warning.isVisibleTo(view)
    assert "vaut 90,00\u202f% et non 100 %" in view.warning.text()
    type_cell(qtbot, view, 2, 3, "31")  # 101 %
    assert "vaut 101,00\u202f% et non 100 %" in view.warning.text()
    type_cell(qtbot, view, 2, 3, "30")
    assert not view.warning.isVisibleTo(view) and view.warning.text() == ""
