"""``milo-desktop territoire [--departement D] [--fichier F.csv] [--vider]``: the communes the
Mission Locale serves (Paramètres ▸ Territoire), shown or set from the command line."""

from __future__ import annotations

import sys

from ...domain.errors import DomainError

DESCRIPTION = """Affiche ou définit le territoire de la Mission Locale : les communes qu'elle couvre
(liste officielle INSEE 2026). Les jeunes suivis en cotraitance dont l'adresse est hors territoire
sont listés « Déménagement hors territoire ».

Exemples :
  milo-desktop territoire
  milo-desktop territoire --departement 09
  milo-desktop territoire --fichier communes.csv      (colonne code_insee ou code_postal)
  milo-desktop territoire --vider"""


def register(sub) -> None:
    p = sub.add_parser("territoire", help="affiche ou définit les communes du territoire",
                       description=DESCRIPTION)
    p.add_argument("--departement", metavar="D", action="append", default=[],
                   help="ajoute toutes les communes du département (répétable : 09, 2A, 974)")
    p.add_argument("--fichier", metavar="F.csv",
                   help="ajoute les communes d'un CSV de codes INSEE ou de codes postaux")
    p.add_argument("--vider", action="store_true", help="retire d'abord toutes les communes")
    p.set_defaults(func=run)


def run(args, services) -> int:
    from ...domain.communes import referentiel
    service = services.territoire
    if not (args.departement or args.fichier or args.vider):
        print(service.get().summary())
        return 0
    codes = set() if args.vider else set(service.get().codes)
    ref = referentiel()
    for dep in args.departement:
        found = [c.code_insee for c in ref.all_communes() if c.departement == dep.strip().upper()]
        if not found:
            raise DomainError(f"Département « {dep} » inconnu (ex. 09, 2A, 974).", "departement")
        codes.update(found)
    problems = ()
    if args.fichier:
        read = service.read_file(args.fichier)
        codes.update(read.codes)
        problems = read.problems
    for line in problems:
        print(f"Ignorée — {line}", file=sys.stderr)
    print(service.save(codes).summary())
    return 1 if problems else 0
