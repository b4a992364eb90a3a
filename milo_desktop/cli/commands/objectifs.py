"""``milo-desktop objectifs --table FICHIER.csv --total N``: the distribution key and the whole
objectives of the cotraitance envelope, printed as CSV on the standard output."""

from __future__ import annotations

import csv
import sys

from ...domain.objectifs import arrondi

COLUMNS = ("mission_locale", "defm", "part_defm", "cle_activite", "cle_repartition", "objectif")

DESCRIPTION = """Calcule la répartition de l'objectif régional d'entrées en cotraitance entre les
Missions Locales (annexe de la convention régionale, art. 4.1).

Le fichier d'entrée est un CSV « ; » (UTF-8 ou Windows) ou un classeur .xlsx avec les colonnes
mission_locale;defm;cle_activite — DEFM jeunes à fin décembre et clé activité/résultat en %
(virgule ou point décimal). Une ligne « TOTAL… » est ignorée.

Pour chaque Mission Locale : part DEFM = DEFM / total DEFM × 100 ;
clé de répartition = (part DEFM + clé activité/résultat) / 2 ; objectif = total × clé, en
nombres entiers dont la somme vaut exactement le total (méthode des plus forts restes).

Sortie (CSV « ; », décimales avec virgule, pourcentages du calcul exact arrondis à 2 décimales) :
  mission_locale;defm;part_defm;cle_activite;cle_repartition;objectif

Si les clés activité/résultat ne totalisent pas 100 %, un avertissement est écrit sur la
sortie d'erreur : les objectifs sont alors répartis au prorata des clés.

Exemple :
  milo-desktop objectifs --table repartition-2010.csv --total 5787 > objectifs-2010.csv"""


def register(sub) -> None:
    p = sub.add_parser("objectifs", help="calcule la répartition des objectifs de cotraitance",
                       description=DESCRIPTION)
    p.add_argument("--table", required=True, metavar="FICHIER",
                   help="tableau régional : mission_locale;defm;cle_activite (.csv ou .xlsx)")
    p.add_argument("--total", required=True, type=int, metavar="N",
                   help="objectif régional d'entrées en cotraitance (nombre entier positif)")
    p.set_defaults(func=run)


def decimal_fr(value) -> str:
    """Two decimals, half up, decimal comma: ``5,47``."""
    return f"{arrondi(value):.2f}".replace(".", ",")


def run(args, services, out=None) -> int:
    repartition = services.objectifs.compute_from_csv(args.table, args.total)
    out = out or sys.stdout
    if repartition.avertissement:
        print(f"Attention : {repartition.avertissement}", file=sys.stderr)
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    for line in repartition.lignes:
        writer.writerow([line.mission_locale, line.defm, decimal_fr(line.part_defm),
                         decimal_fr(line.cle_activite), decimal_fr(line.cle_repartition),
                         line.objectif])
    return 0
