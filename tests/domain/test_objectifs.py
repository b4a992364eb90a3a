"""Distribution key and monthly follow-up (annex of 001_…, art. 4.1-4.2)."""

from decimal import Decimal

import pytest

from milo_desktop.domain import objectifs as o
from milo_desktop.domain.errors import DomainError, ValidationError

# name, DEFM, activity key, printed DEFM share, printed key (annex table of the agreement)
ANNEX = [
    ("MISSION LOCALE ARIEGE", 11275, "5,26", "5,67", "5,47"),
    ("MISSION LOCALE AVEYRON", 13661, "7,00", "6,88", "6,94"),
    ("MISSION LOCALE TOULOUSE", 45520, "20,19", "22,91", "21,55"),
    ("MISSION LOCALE HAUTE-GNE", 46656, "21,94", "23,48", "22,71"),
    ("MISSION LOCALE GERS", 9880, "4,59", "4,97", "4,78"),
    ("MISSION LOCALE LOT", 7693, "5,12", "3,87", "4,50"),
    ("MISSION LOCALE HAUTES-PY", 18066, "11,26", "9,09", "10,18"),
    ("MISSION LOCALE TARN NORD", 12743, "7,60", "6,41", "7,01"),
    ("MISSION LOCALE TARN SUD", 14866, "8,06", "7,48", "7,77"),
    ("MISSION LOCALE TARN ET GNE", 18339, "8,98", "9,23", "9,11"),
]
PRINTED_DEFM_TOTAL = 198_699
REGION_TOTAL = 5787


def annex_lines() -> list[o.LigneCle]:
    return [o.LigneCle(name, defm, cle) for name, defm, cle, _, _ in ANNEX]


def D(text: str) -> Decimal:
    return o.parse_decimal_fr(text)


# --- parsing --------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("5,26", "5.26"), ("5.26", "5.26"), ("5,26 %", "5.26"), ("5,26%", "5.26"), (" 100 ", "100"),
    ("1 234,5", "1234.5"), ("1\u202f234,5", "1234.5"), ("-2,5", "-2.5"), (7, "7"),
    (Decimal("3.1"), "3.1"),
])
def test_parse_decimal_fr(raw, expected):
    assert o.parse_decimal_fr(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", [None, "", "  ", " % "])
def test_parse_decimal_fr_empty(raw):
    assert o.parse_decimal_fr(raw) is None


@pytest.mark.parametrize("raw", ["abc", "5,2,6", "1.234,5", "5,", "NaN", "1e3", True, Decimal("NaN")])
def test_parse_decimal_fr_refused(raw):
    with pytest.raises(DomainError) as err:
        o.parse_decimal_fr(raw, "Clé")
    assert err.value.message.startswith("Clé « ") and err.value.field == "Clé"


def test_parse_entier_fr():
    assert o.parse_entier_fr("11 275") == 11275
    assert o.parse_entier_fr(46656) == 46656
    assert o.parse_entier_fr("") is None
    with pytest.raises(DomainError, match="nombre entier attendu"):
        o.parse_entier_fr("11.275", "DEFM")


def test_arrondi_half_up():
    assert o.arrondi(Decimal("4.495")) == Decimal("4.50")
    assert o.arrondi(Decimal("9.10476")) == Decimal("9.10")


# --- the agreement's annex table ------------------------------------------------------------

def test_printed_defm_total_is_the_sum_of_the_listed_rows():
    # The printed "TOTAL MIDI-PY 198 699" is exactly the sum of the 10 listed rows, so the
    # printed shares are computed on the sum of the rows (there is no other DEFM in the total).
    assert sum(defm for _, defm, _, _, _ in ANNEX) == PRINTED_DEFM_TOTAL
    result = o.repartir(annex_lines(), REGION_TOTAL)
    assert result.total_defm == PRINTED_DEFM_TOTAL
    assert result.somme_cle_activite == Decimal("100.00")


def test_annex_defm_shares_match_printed_to_the_cent():
    result = o.repartir(annex_lines(), REGION_TOTAL)
    for line, (_, _, _, share, _) in zip(result.lignes, ANNEX):
        assert o.arrondi(line.part_defm) == D(share), line.mission_locale


def test_annex_keys_match_printed_within_a_cent():
    result = o.repartir(annex_lines(), REGION_TOTAL)
    for line, (_, _, _, _, key) in zip(result.lignes, ANNEX):
        assert abs(line.cle_repartition - D(key)) <= Decimal("0.01"), line.mission_locale
    assert sum(l.cle_repartition for l in result.lignes).quantize(Decimal("0.000001")) == 100


def test_annex_printed_keys_come_from_rounded_shares():
    # The printed keys are (printed share rounded to 0,01 + activity key) / 2, rounded half up.
    # Computed on exact shares, TARN ET GNE is 9,1048 (9,10) where the annex prints 9,11:
    # the product keeps the exact value, which stays within ±0,01 of the printed one.
    result = o.repartir(annex_lines(), REGION_TOTAL)
    for line, (_, _, _, _, key) in zip(result.lignes, ANNEX):
        assert o.arrondi((o.arrondi(line.part_defm) + line.cle_activite) / 2) == D(key)
    tarn_et_gne = result.lignes[-1]
    assert o.arrondi(tarn_et_gne.cle_repartition) == Decimal("9.10")


def test_annex_objectives_sum_to_region_total():
    result = o.repartir(annex_lines(), REGION_TOTAL)
    objectifs = {l.mission_locale.removeprefix("MISSION LOCALE "): l.objectif for l in result.lignes}
    assert sum(objectifs.values()) == REGION_TOTAL
    assert objectifs == {
        "ARIEGE": 316, "AVEYRON": 402, "TOULOUSE": 1247, "HAUTE-GNE": 1314, "GERS": 277,
        "LOT": 260, "HAUTES-PY": 589, "TARN NORD": 405, "TARN SUD": 450, "TARN ET GNE": 527,
    }
    for line in result.lignes:
        assert abs(line.objectif - line.quota) < 1


# --- largest remainder ----------------------------------------------------------------------

def test_hamilton_basic():
    quotas = [Decimal("3.6"), Decimal("2.3"), Decimal("4.1")]
    assert o.plus_forts_restes(quotas, 10, ["a", "b", "c"]) == [4, 2, 4]


def test_hamilton_ties_go_to_larger_quota_then_name():
    quotas = [Decimal("1.5"), Decimal("2.5")]
    assert o.plus_forts_restes(quotas, 4, ["a", "b"]) == [1, 3]
    equal = [Decimal("2.5"), Decimal("2.5")]
    assert o.plus_forts_restes(equal, 5, ["Zèbre", "Ariège"]) == [2, 3]
    assert o.plus_forts_restes(equal, 5, ["ariège", "Béarn"]) == [3, 2]


def test_repartir_equal_lines_sum_exactly():
    lines = [o.LigneCle(f"ML {n}", 100, "33,333") for n in "ABC"]
    result = o.repartir(lines, 100)
    assert [l.objectif for l in result.lignes] == [34, 33, 33]  # tie -> first name


def test_repartir_single_line_gets_everything():
    result = o.repartir([o.LigneCle("ML seule", "1 000", "100 %")], 42)
    assert result.lignes[0].objectif == 42 and result.lignes[0].cle_repartition == 100


def test_repartir_zero_line_gets_nothing():
    lines = [o.LigneCle("A", 0, "0"), o.LigneCle("B", 10, "50"), o.LigneCle("C", 10, "50")]
    assert [l.objectif for l in o.repartir(lines, 7).lignes] == [0, 4, 3]


# --- validation -----------------------------------------------------------------------------

def test_empty_table_refused():
    with pytest.raises(ValidationError) as err:
        o.repartir([], 100)
    assert "aucune Mission Locale" in err.value.problems["lignes"]


@pytest.mark.parametrize("total", [0, -5, None, 12.5])
def test_total_must_be_positive_integer(total):
    with pytest.raises(ValidationError) as err:
        o.repartir(annex_lines(), total)
    assert "Objectif régional" in err.value.problems["total"]


def test_line_problems_are_all_reported_with_line_numbers():
    lines = [
        o.LigneCle("A", 10, "50"),
        o.LigneCle("  ", 10, "10"),
        o.LigneCle("B", None, "10"),
        o.LigneCle("C", -3, ""),
        o.LigneCle("é", 5, "-1"),
        o.LigneCle("a", "dix", "x"),
        o.LigneCle("F", 5, "5"),
    ]
    with pytest.raises(ValidationError) as err:
        o.repartir(lines, 100)
    p = err.value.problems
    assert p["ligne 2.nom"] == "ligne 2 : nom de la Mission Locale manquant."
    assert p["ligne 3.defm"] == "ligne 3 : DEFM : valeur manquante."
    assert p["ligne 4.defm"] == "ligne 4 : DEFM : valeur négative (-3)."
    assert p["ligne 4.cle"] == "ligne 4 : clé activité/résultat : valeur manquante."
    assert p["ligne 5.cle"] == "ligne 5 : clé activité/résultat : valeur négative (-1)."
    assert p["ligne 6.nom"] == "ligne 6 : « a » figure déjà ligne 1."
    assert p["ligne 6.defm"].startswith("ligne 6 : DEFM « dix »")
    assert "nombre non reconnu" in p["ligne 6.cle"]
    assert not any(k.startswith(("ligne 1.", "ligne 7.")) for k in p)


def test_accented_duplicate_detected():
    lines = [o.LigneCle("Ariège", 1, "1"), o.LigneCle("ARIEGE", 1, "1")]
    with pytest.raises(ValidationError) as err:
        o.repartir(lines, 10)
    assert err.value.problems == {"ligne 2.nom": "ligne 2 : « ARIEGE » figure déjà ligne 1."}


def test_all_zero_columns_refused():
    with pytest.raises(ValidationError) as err:
        o.repartir([o.LigneCle("A", 0, "0"), o.LigneCle("B", 0, "0")], 10)
    assert set(err.value.problems) == {"defm", "cle"}


# --- monthly follow-up ----------------------------------------------------------------------

def test_suivi_mensuel_prorata_and_gap():
    rows = o.suivi_mensuel(120, {1: 10, 2: 5, 3: 12}, "10", 4)
    assert [r.mois for r in rows] == [1, 2, 3, 4]
    assert [r.objectif_cumule for r in rows] == [10, 20, 30, 40]
    assert [r.entrees for r in rows] == [10, 5, 12, 0]
    assert [r.entrees_cumulees for r in rows] == [10, 15, 27, 27]
    assert [r.ecart_pct for r in rows] == [0, -25, -10, Decimal("-32.5")]
    assert [r.alerte for r in rows] == [False, True, False, True]  # -10 % is not beyond 10 %


def test_suivi_mensuel_fractional_prorata():
    rows = o.suivi_mensuel(316, {1: 26}, Decimal("5"), 1)
    assert rows[0].objectif_cumule == Decimal(316) / 12
    assert rows[0].ecart_pct < 0 and not rows[0].alerte  # 26 vs 26,33: -1,3 %


def test_suivi_mensuel_over_objective_no_alert():
    rows = o.suivi_mensuel(12, {1: 5}, 0, 1)
    assert rows[0].ecart_pct == 400 and not rows[0].alerte


def test_suivi_mensuel_zero_objective():
    rows = o.suivi_mensuel(0, {1: 3}, 10, 2)
    assert rows[0].ecart_pct is None and not rows[0].alerte


@pytest.mark.parametrize("args, field", [
    ((-1, {}, 10, 3), "objectif"), ((10, {}, -1, 3), "seuil"), ((10, {}, 10, 0), "mois"),
    ((10, {}, 10, 13), "mois"), ((10, {13: 1}, 10, 3), "entrees"), ((10, {2: -1}, 10, 3), "entrees"),
])
def test_suivi_mensuel_refused(args, field):
    with pytest.raises(DomainError) as err:
        o.suivi_mensuel(*args)
    assert err.value.field == field
