"""The Mission Locale's territory (Paramètres): chosen from the official list or read from a CSV,
stored in the store; young people followed in cotraitance whose address is outside it are listed
« Déménagement hors territoire » (work list and dashboard). An empty territory flags nobody."""

from __future__ import annotations

from datetime import date

import pytest

from milo_desktop.domain import communes
from milo_desktop.domain.errors import DomainError
from milo_desktop.domain.jeunes import JeuneInput

ARIEGE = [c.code_insee for c in communes.referentiel().search("09")]


def followed(services, nom, code_postal=None, commune=None, accept=True):
    """A young person accepted in cotraitance (phase « acceptée »)."""
    j = services.jeunes.create(JeuneInput(nom=nom, prenom="Léa", sexe="F", date_naissance="01/02/2005",
                                          code_postal=code_postal, commune=commune),
                               services.ctx.user.id, services.ctx.site_id, ["PPAE"])
    cot = services.cotraitance.affecter(j.id, date(2026, 9, 1), [1])
    if accept:
        cot = services.cotraitance.accepter(cot.id, cot.version, date(2026, 9, 3))
    return j, cot


@pytest.fixture
def people(services):
    return {
        "toulouse": followed(services, "Toulouse", "31000", "Toulouse")[0],
        "pamiers": followed(services, "Pamiers", "09100", "PAMIERS")[0],
        "sans": followed(services, "Sansadresse")[0],
        "attente": followed(services, "Attente", "31000", "Toulouse", accept=False)[0],
    }


def test_empty_territory_flags_nobody_and_says_it_is_not_set(services, people):
    assert services.territoire.get().communes == ()
    assert "Territoire non défini" in services.territoire.get().summary()
    assert services.cotraitance.work_lists()["hors_territoire"] == ()
    assert services.cotraitance.work_list_counts().hors_territoire == 0


def test_outside_the_territory_is_listed_with_the_exit_to_ask_for(services, people):
    data = services.territoire.save(ARIEGE)
    assert len(data.communes) == len(ARIEGE) and "Ariège (09)" in data.summary()
    rows = services.cotraitance.work_lists()["hors_territoire"]
    assert [r.jeune_id for r in rows] == [people["toulouse"].id]  # not yet accepted: not listed
    assert services.cotraitance.work_list_counts().hors_territoire == 1
    from milo_desktop.services.cotraitance_lists import LISTES
    spec = next(s for s in LISTES if s.key == "hors_territoire")
    assert spec.titre == "Déménagement hors territoire" and "Déménagement hors du territoire" in spec.description


def test_dashboard_figure_leads_to_the_list(services, people):
    services.territoire.save(ARIEGE)
    figure = services.tableau_de_bord.compute(with_charts=False).chiffre("cotraitance.hors_territoire")
    assert figure.value == 1
    assert (figure.link.area, figure.link.kind, figure.link.payload) == (
        "cotraitance", "liste_travail", "hors_territoire")


def test_unknown_codes_are_refused(services):
    with pytest.raises(DomainError) as err:
        services.territoire.save(["09122", "99999"])
    assert "99999" in err.value.message
    assert services.territoire.get().communes == ()


def test_territory_read_from_a_csv(services, tmp_path):
    path = tmp_path / "territoire.csv"
    path.write_bytes("Commune;code_insee\r\nFoix;09122\r\nPamiers;9225\r\nAjaccio;2A004\r\n"
                     "Nulle part;99999\r\n".encode("cp1252"))
    found = services.territoire.read_file(path)
    assert found.codes == ("09122", "09225", "2A004")
    assert found.problems == ("ligne 5 : « 99999 » n'est pas un code INSEE de la liste officielle.",)
    path.write_text("09000\n09100\n", encoding="utf-8")  # postcodes, no header
    codes = services.territoire.read_file(path).codes
    assert "09122" in codes and "09225" in codes
    path.write_text("rien\n", encoding="utf-8")
    with pytest.raises(DomainError):
        services.territoire.read_file(path)


# --- Paramètres -------------------------------------------------------------------------------

def test_parametres_says_the_territory_is_not_set_then_shows_it(qtbot, window, services, tmp_path):
    from PySide6.QtCore import Qt
    from milo_desktop.gui.dialogs.territoire_dialog import TerritoireDialog
    page = window.show_area("parametres")
    page.refresh()
    assert "Territoire non défini" in page.territoire.text()
    dialog = TerritoireDialog(services, page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.search, "09")
    assert dialog.results.count() == len(ARIEGE)
    dialog.results.setFocus()
    qtbot.keyClick(dialog.results, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # all
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen.count() == len(ARIEGE)
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "Bastia")
    dialog.results.setFocus()
    qtbot.keyClick(dialog.results, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    assert "2B033" in dialog.chosen_codes()
    path = tmp_path / "t.csv"
    path.write_text("code_postal\n97400\n", encoding="utf-8")
    from milo_desktop.gui.dialogs import territoire_dialog
    shown = []
    territoire_dialog.info = lambda _parent, title, text: shown.append(text)
    dialog.import_file(str(path))
    assert "97411" in dialog.chosen_codes() and shown and "1 commune(s) ajoutée(s)" in shown[0]
    ok = dialog.buttons.buttons()[0]
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert services.territoire.get().codes == frozenset(ARIEGE) | {"2B033", "97411"}
    page.refresh()
    assert f"{len(ARIEGE) + 2} commune(s)" in page.territoire.text()
    assert "Ariège (09)" in page.territoire.text()


def test_the_fiche_says_the_young_person_moved_out(qtbot, services, people):
    from milo_desktop.gui.cotraitance.tab import CotraitanceTab
    services.territoire.save(ARIEGE)
    assert services.cotraitance.current(people["toulouse"].id).hors_territoire
    assert not services.cotraitance.current(people["pamiers"].id).hors_territoire
    tab = CotraitanceTab(services, people["toulouse"].id)
    qtbot.addWidget(tab)
    assert "Déménagement hors territoire" in tab.fin_label.text()


def test_cli_shows_and_sets_the_territory(services, data_dir, tmp_path, capsys):
    from milo_desktop.cli.main import main
    assert main(["--data-dir", str(data_dir), "territoire"]) == 0
    assert "Territoire non défini" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "territoire", "--departement", "09"]) == 0
    assert "Ariège (09) : toutes ses communes" in capsys.readouterr().out
    path = tmp_path / "t.csv"
    path.write_text("code_insee\n2B033\n99999\n", encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "territoire", "--vider", "--fichier", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "1 commune(s) — Haute-Corse (2B) : 1 commune(s)." in out and "« 99999 »" in err
    assert services.territoire.get().codes == frozenset({"2B033"})


def test_the_dashboard_figure_opens_the_list(qtbot, window, services, people):
    services.territoire.save(ARIEGE)
    link = services.tableau_de_bord.compute(with_charts=False).chiffre("cotraitance.hors_territoire").link
    window.open_item(link.area, link.kind, link.payload)
    lists = window.pages["cotraitance"].work_lists
    lists.refresh()
    assert lists.tabs.tabText(lists.tabs.currentIndex()) == "Déménagement hors territoire (1)"
    assert lists.models["hors_territoire"].id_at(0) == people["toulouse"].id
    from PySide6.QtCore import QThreadPool
    QThreadPool.globalInstance().waitForDone(30000)
