"""``milo-desktop report KIND --year Y [--semester N] [--site S] --out FILE.pdf [--xlsx FILE.xlsx]``."""

from __future__ import annotations

import sys

KINDS = ("bilan-partenariat", "mission-jeunes", "partenariats-entreprises", "repartition",
         "interim-semestre")


def register(sub) -> None:
    p = sub.add_parser(
        "report", help="édite un bilan annuel (PDF) et ses tableaux (XLSX ou CSV)",
        description="Édite un bilan en PDF pour une année (ou une période), pour toute la Mission "
                    "Locale ou un site, avec l'année précédente en regard. Bilans : "
                    "bilan-partenariat (France Travail), mission-jeunes (FASTT, agences d'emploi), "
                    "partenariats-entreprises (MEDEF, IMS), repartition (objectifs de cotraitance), "
                    "interim-semestre (tableau semestriel DREETS, avec --semester).")
    p.add_argument("kind", choices=KINDS, metavar="BILAN", help="le bilan : " + ", ".join(KINDS))
    p.add_argument("--year", type=int, metavar="ANNÉE", help="année du bilan (ex. 2026)")
    p.add_argument("--semester", type=int, choices=(1, 2), metavar="N",
                   help="semestre : 1 (janvier-juin) ou 2 (juillet-décembre)")
    p.add_argument("--from", dest="start", metavar="JJ/MM/AAAA", help="début d'une période libre")
    p.add_argument("--to", dest="end", metavar="JJ/MM/AAAA", help="fin d'une période libre")
    p.add_argument("--site", metavar="SITE", help="nom du site (par défaut : toute la Mission Locale)")
    p.add_argument("--out", required=True, metavar="FICHIER.pdf", help="le PDF à créer")
    p.add_argument("--xlsx", metavar="FICHIER.xlsx", help="les tableaux en XLSX (en ODS si .ods, en CSV si .csv)")
    p.add_argument("--annexes", action="store_true", default=None,
                   help="imprime aussi dans le PDF les listes détaillées (offres en délégation…), "
                        "toujours présentes dans le classeur Excel")
    p.set_defaults(func=run)


def run(args, services) -> int:
    from ...domain.dates import parse_date
    from ...domain.errors import DomainError
    start, end = parse_date(args.start, "date de début"), parse_date(args.end, "date de fin")
    if args.year is None and start is None:
        raise DomainError("Indiquez l'année (--year) ou la période (--from et --to).", "annee")
    result = services.bilans.generate(args.kind, year=args.year, semester=args.semester, start=start,
                                      end=end, site=args.site, out_pdf=args.out, out_xlsx=args.xlsx,
                                      annexes=args.annexes)
    report = result.report
    print(f"{report.title} — {report.period.label} — {report.scope_label}")
    if report.empty:
        print("Attention : aucune donnée pour cette période ; le rapport l'indique.", file=sys.stderr)
    print(f"PDF : {result.pdf_path}")
    for path in result.exports:
        print(f"Tableaux : {path}")
    return 0
