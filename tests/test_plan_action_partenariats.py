"""Issue 18 item 12: the annual action plan of the employer partnerships (convention ``000_…``:
« objectifs opérationnels et objectifs de résultat traduits par des indicateurs ») entered per
network — service, GUI typed as a person would — and shown beside the actual figures in the
« Bilan des partenariats entreprises » (PDF, Excel, CLI)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from milo_desktop.cli.main import main
from milo_desktop.domain.errors import ConflictError, ValidationError
from milo_desktop.domain.partenariats import EvenementInput, ObjectifPlanInput
from milo_desktop.gui.offres.partenariats_dialogs import ObjectifPlanDialog

from .test_bilans_outputs import pdf_pages
from .test_gui_partenariats import page, run_dialog  # noqa: F401 - the fixture


def forum(services, jeunes=30, when="15/10/2026", reseau="medef"):
    return services.partenariats.save_evenement(EvenementInput(reseau, "forum", "Forum Emploi", when,
                                                               jeunes, 10))


def objectif(**kw) -> ObjectifPlanInput:
    values = dict(annee=2026, reseau="medef", nature="operationnel", libelle="Organiser 4 forums",
                  indicateur="evenements", cible="4")
    return ObjectifPlanInput(**(values | kw))


def test_objectives_are_validated_in_french(services):
    with pytest.raises(ValidationError) as err:
        services.partenariats.save_objectif_plan(ObjectifPlanInput(
            annee="26", reseau="autre", nature="x", libelle=" ", indicateur="evenements", cible="-1",
            realise="3"))
    p = err.value.problems
    assert set(p) == {"annee", "reseau", "nature", "libelle", "cible", "realise"}
    assert "MEDEF ou IMS" in p["reseau"] and "ne le saisissez pas" in p["realise"]
    with pytest.raises(ValidationError) as err:
        services.partenariats.save_objectif_plan(objectif(cible=""))
    assert err.value.problems["cible"] == "Cible : champ obligatoire (un nombre entier)."


def test_objectives_beside_the_figures_of_the_year(services):
    forum(services, 30)
    forum(services, 12, "20/03/2026")
    forum(services, 99, "20/03/2025")  # another year
    ops = services.partenariats.save_objectif_plan(objectif())
    res = services.partenariats.save_objectif_plan(objectif(
        nature="resultat", libelle="80 jeunes aux forums", indicateur="participants", cible="80"))
    typed = services.partenariats.save_objectif_plan(objectif(
        reseau="ims", nature="resultat", libelle="Entreprises signataires de la charte",
        indicateur="autre", cible="5", realise="3"))
    plan = services.partenariats.plan_action(2026)
    assert [(o.reseau, o.nature, o.cible, o.realise) for o in plan] == [
        ("ims", "resultat", 5, 3), ("medef", "operationnel", 4, 2), ("medef", "resultat", 80, 42)]
    assert [round(o.taux) for o in plan] == [60, 50, 52]
    assert services.partenariats.plan_action(2026, "ims") == [plan[0]] and plan[0].id == typed.id
    assert services.partenariats.plan_action(2025) == []
    edited = services.partenariats.save_objectif_plan(objectif(cible="3"), ops.id, ops.version)
    assert edited.cible == 3 and edited.taux == pytest.approx(200 / 3)
    with pytest.raises(ConflictError):
        services.partenariats.save_objectif_plan(objectif(cible="5"), ops.id, ops.version)
    services.partenariats.delete_objectif_plan(res.id, res.version)
    assert len(services.partenariats.plan_action(2026)) == 2


def test_report_and_cli_show_each_objective_beside_its_figure(services, data_dir, tmp_path, capsys):
    from openpyxl import load_workbook
    forum(services, 30)
    services.partenariats.save_objectif_plan(objectif())
    services.partenariats.save_objectif_plan(objectif(
        nature="resultat", libelle="80 jeunes aux forums", indicateur="participants", cible="80"))
    report = services.bilans.compute("partenariats-entreprises", date(2026, 1, 1), date(2026, 12, 31))
    table = report.table("Plan d'action MEDEF")
    assert table.rows == [["Opérationnel", "Organiser 4 forums", "Événements organisés", 4, 1, 25.0],
                          ["Résultat", "80 jeunes aux forums", "Jeunes participants aux événements", 80, 30,
                           37.5]]
    pdf, xlsx = tmp_path / "p.pdf", tmp_path / "p.xlsx"
    assert main(["--data-dir", str(data_dir), "report", "partenariats-entreprises", "--year", "2026",
                 "--out", str(pdf), "--xlsx", str(xlsx)]) == 0
    text = " ".join(pdf_pages(pdf.read_bytes()))
    assert "Plan d'action 2026 — MEDEF / réseau d'employeurs : objectifs et réalisé" in text
    assert "Organiser 4 forums Événements organisés 4 1 25,0" in text
    assert "Aucun objectif du plan d'action 2026 n'est saisi pour le réseau IMS" in text
    rows = [[c.value for c in r] for r in load_workbook(xlsx)["Plan d'action MEDEF"].iter_rows(min_row=2)]
    assert rows[1][3:] == [80, 30, 37.5]


def test_gui_plan_typed_and_shown_beside_the_figures(qtbot, monkeypatch, page, services):  # noqa: F811
    forum(services, 30)
    page.reload()

    def fill(d):
        f = d.fields
        assert not f["realise"].isEnabled()  # counted, not typed, for a recorded indicator
        f["nature"].setCurrentIndex(f["nature"].findData("resultat"))
        qtbot.keyClicks(f["libelle"], "80 jeunes aux forums")
        f["indicateur"].setCurrentIndex(f["indicateur"].findData("participants"))
        qtbot.keyClicks(f["cible"], "80")
    run_dialog(qtbot, monkeypatch, ObjectifPlanDialog, fill)
    qtbot.mouseClick(page.plan_buttons[0], Qt.MouseButton.LeftButton)
    assert [page.plan.item(0, c).text() for c in range(7)] == [
        "MEDEF", "Objectif de résultat", "80 jeunes aux forums", "Jeunes participants aux événements",
        "80", "30", "38 %"]

    def bad(d):
        f = d.fields
        f["reseau"].setCurrentIndex(f["reseau"].findData("ims"))
        f["indicateur"].setCurrentIndex(f["indicateur"].findData("autre"))
        assert f["realise"].isEnabled()
        qtbot.keyClicks(f["libelle"], "Charte diversite signee")  # QTest types ASCII only
        qtbot.keyClicks(f["cible"], "cinq")
        d.accept()
        assert "Cible « cinq » : nombre entier attendu." in d.error.text()
        f["cible"].clear()
        qtbot.keyClicks(f["cible"], "5")
        qtbot.keyClicks(f["realise"], "2")
    run_dialog(qtbot, monkeypatch, ObjectifPlanDialog, bad)
    qtbot.mouseClick(page.plan_buttons[0], Qt.MouseButton.LeftButton)
    assert page.plan.rowCount() == 2 and page.plan.item(0, 5).text() == "2"  # IMS first
    assert [o.realise for o in services.partenariats.plan_action(2026)] == [2, 30]
