"""``milo-desktop export KIND --out FILE.csv|FILE.xlsx|FILE.ods``."""

from __future__ import annotations

# The kinds of ``services.exports.KINDS``, named here so that ``--help`` and ``--version`` import
# no service (and so no SQLAlchemy); a test keeps the two equal.
KINDS = ("cotraitance", "entreprises", "fastt", "interim", "jeunes", "offres")


def register(sub) -> None:
    p = sub.add_parser("export", help="exporte une liste en CSV ou XLSX",
                       description="Exporte jeunes, cotraitance, offres, entreprises, orientations "
                                   "FASTT ou délégations d'intérim. CSV : UTF-8 avec BOM, « ; », "
                                   "dates jj/mm/aaaa. XLSX : vraies dates et nombres.")
    p.add_argument("kind", choices=sorted(KINDS), metavar="TYPE",
                   help="ce qu'il faut exporter : " + ", ".join(sorted(KINDS)))
    p.add_argument("--out", required=True, metavar="FICHIER", help="fichier .csv, .xlsx ou .ods (LibreOffice) à créer")
    p.add_argument("--entetes", choices=("techniques", "francais"), default="techniques",
                   help="en-têtes de colonnes : « techniques » (par défaut : nom_usage, "
                        "date_naissance… des noms stables, sans accent ni espace, pour les scripts "
                        "et tableurs qui relisent ces fichiers) ou « francais » (Nom d'usage, Date "
                        "de naissance…, comme Fichier ▸ Exporter dans l'application)")
    p.set_defaults(func=run)


def run(args, services) -> int:
    result = services.exports.export(args.kind, args.out,
                                     french=getattr(args, "entetes", "techniques") == "francais")
    print(f"{result.rows} ligne(s) exportée(s) dans {result.path}")
    return 0
