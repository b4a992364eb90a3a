"""``milo-desktop anonymiser [--dry-run]``: anonymise the files past their keeping time."""

from __future__ import annotations

from ...domain.text import french_int

DESCRIPTION = """Anonymise les dossiers échus (règle du système national : jusqu'au 26e
anniversaire ou la fin d'un programme en cours) : un dossier est échu quand le jeune a eu 26 ans,
qu'aucun programme n'est en cours (sans date de fin ou se terminant plus tard) et que la
cotraitance n'est pas en cours (affectation, acceptation, accompagnement).

Sont effacés : nom, prénom, coordonnées, identifiants, textes libres (notes du journal,
justifications des états, disponibilités et détails FASTT). Sont gardés pour les bilans : sexe,
mois de naissance, niveau, QPV/ZRR, site, référent, dates et états. Les dossiers anonymisés sont
archivés. La base est sauvegardée avant, puis tout est écrit en une seule transaction.

Exemple (tâche planifiée mensuelle) :
  milo-desktop anonymiser"""


def register(sub) -> None:
    p = sub.add_parser("anonymiser", help="anonymise les dossiers échus (26 ans, plus rien en cours)",
                       description=DESCRIPTION)
    p.add_argument("--dry-run", action="store_true", help="compte les dossiers échus sans rien modifier")
    p.set_defaults(func=run)


def run(args, services) -> int:
    count = services.maintenance.echus().count
    plural = "s" if count > 1 else ""
    if args.dry_run or count == 0:
        print(f"{french_int(count)} dossier{plural} échu{plural} à anonymiser." + (" (aucune modification)" if count else ""))
        return 0
    result = services.maintenance.anonymiser()
    print(f"{french_int(result.count)} dossier{plural} anonymisé{plural} ; sauvegarde faite avant : {result.backup}")
    return 0
