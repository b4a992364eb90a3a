"""``milo-desktop anonymiser [--dry-run]``: anonymise the files past their keeping time."""

from __future__ import annotations

import textwrap

from ...domain import retention
from ...domain.dates import format_date

DESCRIPTION = f"""Anonymise les dossiers échus (décret n° 2015-59 art. 6 modifié : un dossier reste
identifiable jusqu'au 28e anniversaire, la fin d'un programme en cours, ou 10 ans après la fin d'un
CEJ ; ces durées se règlent dans Paramètres).

{textwrap.fill(retention.RULE, 95)}

{textwrap.fill(retention.EFFECT, 95)}

Lancez d'abord --dry-run : la liste des dossiers échus, avec le motif, à faire approuver par la
direction. Exemple (tâche planifiée mensuelle, après approbation) :
  milo-desktop anonymiser"""


def register(sub) -> None:
    p = sub.add_parser("anonymiser", help="anonymise les dossiers échus (28 ans, fin de programme, CEJ + 10 ans)",
                       description=DESCRIPTION)
    p.add_argument("--dry-run", action="store_true",
                   help="liste les dossiers échus avec leur motif, sans rien modifier")
    p.set_defaults(func=run)


def run(args, services) -> int:
    echus = services.maintenance.echus(detail=args.dry_run)
    if args.dry_run or echus.count == 0:
        print(f"{retention.dossiers(echus.count, 'échu')} à anonymiser." + (" (aucune modification)" if echus.count else ""))
        for d in echus.dossiers:
            print(f"  {d.nom} {d.prenom}, né(e) le {format_date(d.date_naissance)} — échu depuis le "
                  f"{format_date(d.depuis)} ({d.motif})")
        return 0
    result = services.maintenance.anonymiser()
    kept = ("copie de sécurité effacée après vérification" if result.copie_effacee
            else f"sauvegarde faite avant : {result.backup}")
    print(f"{retention.dossiers(result.count, 'anonymisé')} ; {kept}")
    return 0
