"""ObjectifsService: the annex table of the agreement reproduced, validation that saves nothing
half-way, CSV/XLSX import, the monthly follow-up and the printed annex."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from milo_desktop.domain.errors import ConflictError, DomainError, ValidationError
from milo_desktop.domain.objectifs import LigneCle

from .domain.test_objectifs import ANNEX, REGION_TOTAL  # the agreement's annex table
from .test_cotraitance_service import make_jeune

TOTAL = REGION_TOTAL
CENT = Decimal("0.01")


def D(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def annex_lines() -> list[LigneCle]:
    return [LigneCle(name, defm, cle) for name, defm, cle, _, _ in ANNEX]


def annex_csv(path, encoding="utf-8-sig", sep=";", total_line=True):
    lines = [sep.join(("mission_locale", "defm", "cle_activite"))]
    lines += [sep.join((n, f"{d:,}".replace(",", " "), c)) for n, d, c, _, _ in ANNEX]
    if total_line:
        lines.append(sep.join(("TOTAL MIDI-PY", "198 699", "100,00")))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


# --- the annex reproduced --------------------------------------------------------------------

def test_annex_table_saved_and_computed(services):
    saved = services.objectifs.save_table(2010, TOTAL, annex_lines(), 0, "10")
    table = services.objectifs.table(2010)
    assert table == saved and services.objectifs.years() == [2010]
    rep = table.repartition
    assert rep.total_defm == 198_699 and rep.somme_cle_activite == 100
    for line, (name, defm, cle, share, key) in zip(rep.lignes, ANNEX):
        assert line.mission_locale == name and line.defm == defm and line.cle_activite == D(cle)
        assert abs(line.part_defm - D(share)) <= CENT, name
        assert abs(line.cle_repartition - D(key)) <= CENT, name
    assert sum(l.objectif for l in rep.lignes) == TOTAL
    assert [l.objectif for l in rep.lignes] == [316, 402, 1247, 1314, 277, 260, 589, 405, 450, 527]
    assert table.nous.mission_locale == "MISSION LOCALE ARIEGE" and table.nous.objectif == 316
    assert table.seuil == 10 and table.total == TOTAL


def test_values_typed_as_french_text(services):
    rows = [LigneCle(n, f"{d:,}".replace(",", "\u202f"), c) for n, d, c, _, _ in ANNEX]
    table = services.objectifs.save_table(2010, "5 787", rows, None, "7,5")
    assert table.seuil == Decimal("7.5") and table.nous is None
    assert sum(l.objectif for l in table.repartition.lignes) == TOTAL


def test_saving_again_replaces_the_lines_with_locking(services):
    first = services.objectifs.save_table(2010, TOTAL, annex_lines(), 0)
    second = services.objectifs.save_table(2010, 100, annex_lines()[:3], 2, version=first.version)
    assert len(second.lignes) == 3 and second.nous.mission_locale == "MISSION LOCALE TOULOUSE"
    assert sum(l.objectif for l in second.repartition.lignes) == 100
    with pytest.raises(ConflictError):
        services.objectifs.save_table(2010, 50, annex_lines(), 1, version=first.version)
    assert services.objectifs.table(2010).total == 100


@pytest.mark.parametrize("rows, total, problems", [
    ([LigneCle("A", 10, None), LigneCle("B", 5, "-2")], 100,
     {"ligne 1.cle": "ligne 1 : clé activité/résultat : valeur manquante.",
      "ligne 2.cle": "ligne 2 : clé activité/résultat : valeur négative (-2)."}),
    ([LigneCle("A", "-3", "50"), LigneCle("", 5, "50")], 100,
     {"ligne 1.defm": "ligne 1 : DEFM : valeur négative (-3).",
      "ligne 2.nom": "ligne 2 : nom de la Mission Locale manquant."}),
    ([LigneCle("A", 10, "50")], 0,
     {"total": "Objectif régional : un nombre entier positif est attendu (reçu 0)."}),
    ([], 100, {"lignes": "Tableau de répartition : aucune Mission Locale saisie."}),
])
def test_invalid_table_saves_nothing(services, rows, total, problems):
    with pytest.raises(ValidationError) as err:
        services.objectifs.save_table(2011, total, rows, None)
    assert err.value.problems == problems
    assert services.objectifs.table(2011) is None


@pytest.mark.parametrize("kwargs, text", [
    ({"est_nous_index": 10}, "« C'est nous » : la ligne choisie n'existe pas."),
    ({"seuil": "150"}, "Seuil d'alerte « 150 » : un pourcentage de 0 à 100 est attendu."),
    ({"seuil": "dix"}, "Seuil d'alerte « dix »"),
    ({"year": 1990}, "Année « 1990 »"),
    ({"total": "beaucoup"}, "Objectif régional « beaucoup » : nombre entier attendu."),
])
def test_invalid_settings_save_nothing(services, kwargs, text):
    args = {"year": 2012, "total": TOTAL, "rows": annex_lines(), "est_nous_index": 0, **kwargs}
    with pytest.raises(DomainError) as err:
        services.objectifs.save_table(args.pop("year"), args.pop("total"), args.pop("rows"),
                                      args.pop("est_nous_index"), **args)
    assert text in err.value.message
    assert services.objectifs.years() == []


# --- import ---------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_import_csv_encodings_and_total_line(services, tmp_path, encoding):
    path = annex_csv(tmp_path / "t.csv", encoding)
    rows = services.objectifs.import_csv(path)
    assert [r.mission_locale for r in rows] == [a[0] for a in ANNEX]
    assert rows[0] == LigneCle("MISSION LOCALE ARIEGE", 11275, Decimal("5.26"))


def test_import_keeps_accents_of_a_windows_file(services, tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes("Mission Locale;DEFM;Clé activité\r\nAriège Œuvre;100;50,5\r\nGers;80;49.5\r\n"
                     .encode("cp1252"))
    rows = services.objectifs.import_csv(path)
    assert rows == [LigneCle("Ariège Œuvre", 100, Decimal("50.5")), LigneCle("Gers", 80, Decimal("49.5"))]


def test_import_xlsx(services, tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["mission_locale", "defm", "cle_activite"])
    for n, d, c, _, _ in ANNEX:
        ws.append([n, d, float(D(c))])
    wb.save(tmp_path / "t.xlsx")
    rep = services.objectifs.compute_from_csv(tmp_path / "t.xlsx", TOTAL)
    assert sum(l.objectif for l in rep.lignes) == TOTAL and rep.lignes[0].objectif == 316


def test_import_reports_every_bad_line_by_file_line(services, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("mission_locale;defm;cle_activite\nA;10;5\n\nB;12;\nC;-4;3\nA;1;2\nD;x;1\n",
                    encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        services.objectifs.import_csv(path)
    assert err.value.problems == {
        "ligne 4.cle": "ligne 4 : clé activité/résultat : valeur manquante.",
        "ligne 5.defm": "ligne 5 : DEFM : valeur négative (-4).",
        "ligne 6.nom": "ligne 6 : « A » figure déjà ligne 2.",
        "ligne 7.defm": "ligne 7 : DEFM « x » : nombre entier attendu.",
    }


@pytest.mark.parametrize("content, text", [
    ("mission_locale;defm\nA;10\n", r"colonne\(s\) cle_activite absente\(s\)"),
    ("", "est vide"),
    ("mission_locale;defm;cle_activite\n", "ne contient aucune Mission Locale"),
    ("A;10;5\n", "la ligne d'en-tête est absente"),
])
def test_import_file_problems(services, tmp_path, content, text):
    path = tmp_path / "f.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DomainError, match=text):
        services.objectifs.import_csv(path)


def test_import_unreadable_files(services, tmp_path):
    with pytest.raises(DomainError, match="introuvable"):
        services.objectifs.import_csv(tmp_path / "absent.csv")
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"\x00\x01\x02binaire")
    with pytest.raises(DomainError, match="n'est pas un fichier CSV ou Excel lisible"):
        services.objectifs.import_csv(binary)
    with pytest.raises(DomainError, match="est un dossier"):
        services.objectifs.import_csv(tmp_path)


# --- monthly follow-up ----------------------------------------------------------------------

def _affect(services, when, refuse=False):
    jid = make_jeune(services, nom=f"J{when:%m%d}", naissance=date(2004, 1, 1))
    d = services.cotraitance.affecter(jid, when, [1])
    if refuse:
        services.cotraitance.refuser(d.id, d.version, when, "hors critères")


def test_suivi_counts_non_refused_affectations_against_the_objective(services):
    rows = [LigneCle("Nous", 50, "50"), LigneCle("Eux", 50, "50")]
    services.objectifs.save_table(2026, 24, rows, 0, "10")  # objective 12: 1 a month
    for month in range(1, 11):
        _affect(services, date(2026, month, 3))
    _affect(services, date(2026, 11, 3), refuse=True)
    suivi = services.objectifs.suivi(2026)
    assert suivi.objectif == 12 and suivi.mission_locale == "Nous" and len(suivi.mois) == 11
    assert [m.entrees for m in suivi.mois] == [1] * 10 + [0]
    assert suivi.mois[9].alerte is False
    last = suivi.mois[-1]
    assert last.entrees_cumulees == 10 and last.objectif_cumule == 11
    assert last.ecart_pct.quantize(CENT) == Decimal("-9.09") and last.alerte is False
    services.objectifs.save_table(2026, 24, rows, 0, "5", version=services.objectifs.table(2026).version)
    assert services.objectifs.suivi(2026).alerte is True


def test_suivi_needs_our_line_and_covers_past_and_future_years(services):
    assert services.objectifs.suivi(2026) is None
    services.objectifs.save_table(2026, 10, [LigneCle("A", 1, "100")], None)
    assert services.objectifs.suivi(2026) is None
    services.objectifs.save_table(2025, 10, [LigneCle("A", 1, "100")], 0)
    services.objectifs.save_table(2027, 10, [LigneCle("A", 1, "100")], 0)
    assert len(services.objectifs.suivi(2025).mois) == 12
    assert services.objectifs.suivi(2027).mois == ()


# --- printing -------------------------------------------------------------------------------

def test_write_pdf(services, tmp_path):
    with pytest.raises(DomainError, match="Aucun tableau d'objectifs n'est enregistré pour 2010"):
        services.objectifs.write_pdf(2010, tmp_path / "x.pdf")
    services.objectifs.save_table(2010, TOTAL, annex_lines(), 0)
    out = tmp_path / "sortie"
    out.mkdir()
    path = services.objectifs.write_pdf(2010, out / "annexe.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    assert [p.name for p in out.iterdir()] == ["annexe.pdf"]
    with pytest.raises(DomainError, match="Impossible d'écrire"):
        services.objectifs.write_pdf(2010, out / "absent" / "annexe.pdf")
