"""``milo-desktop anonymiser [--dry-run]``: anonymise the files past their keeping time."""

from __future__ import annotations

import textwrap

from ...domain import retention

DESCRIPTION = f"""Anonymise les dossiers échus (règle du système national : un dossier reste
identifiable jusqu'au 26ᵉ anniversaire ou la fin d'un programme en cours).

{textwrap.fill(retention.RULE, 95)}

{textwrap.fill(retention.EFFECT, 95)}

Exemple (tâche planifiée mensuelle) :
  milo-desktop anonymiser"""


def register(sub) -> None:
    p = sub.add_parser("anonymiser", help="anonymise les dossiers échus (26 ans, plus rien en cours)",
                       description=DESCRIPTION)
    p.add_argument("--dry-run", action="store_true", help="compte les dossiers échus sans rien modifier")
    p.set_defaults(func=run)


def run(args, services) -> int:
    count = services.maintenance.echus().count
    if args.dry_run or count == 0:
        print(f"{retention.dossiers(count, 'échu')} à anonymiser." + (" (aucune modification)" if count else ""))
        return 0
    result = services.maintenance.anonymiser()
    print(f"{retention.dossiers(result.count, 'anonymisé')} ; sauvegarde faite avant : {result.backup}")
    return 0
