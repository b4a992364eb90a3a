"""``milo-desktop import jeunes|entreprises|offres FICHIER`` and ``import --template TYPE``.

Exit codes (``cli/exitcodes.py``): 0 every row is valid (and imported unless --dry-run), 1 rows
were rejected (nothing written without --valid-only), 2 the file cannot be used (unreadable,
required columns missing), 3 the store is unavailable (busy, damaged, disk full, read-only).
"""

from __future__ import annotations

from ...domain.errors import DomainError
from ..exitcodes import Exit

KINDS = ("jeunes", "entreprises", "offres")
SHOWN = 50  # rejections printed; all of them go to --rejects

DESCRIPTION = """Importe des jeunes (avec leur cotraitance), des entreprises ou des offres depuis un
fichier CSV (point-virgule ou virgule, UTF-8, Windows-1252 ou ISO-8859-15, comme les tableurs
les enregistrent) ou un classeur .xlsx, .xls ou .ods (première feuille). Les zéros initiaux que le
tableur a mangés (codes postaux, téléphones, identifiants France Travail) sont rétablis et signalés.
Fichiers bornés : 100 Mo, cellules de 32 767 caractères, nombre de lignes réglable dans
Paramètres (100 000 par défaut). Chaque ligne est vérifiée avant tout enregistrement ; si des lignes
sont rejetées, rien n'est importé, sauf avec --valid-only. L'import se fait d'un bloc, après
une copie de sûreté de ce qu'il crée et modifie (dossier sauvegardes), qui permet de
l'annuler (--annuler). Un même fichier importé deux fois ne crée rien de nouveau.

Exemples :
  milo-desktop import --template jeunes > modele-jeunes.csv
  milo-desktop import jeunes jeunes.csv --dry-run --rejects rejets.csv
  milo-desktop import offres offres.xlsx --valid-only --existing update

Codes de sortie : 0 tout est valide, 1 des lignes sont rejetées, 2 fichier inutilisable,
3 base indisponible (occupée, endommagée, disque plein, lecture seule) : rien n'est importé."""


def register(sub) -> None:
    p = sub.add_parser("import", help="importe des jeunes, entreprises ou offres (CSV, XLSX, XLS ou ODS)",
                       description=DESCRIPTION)
    p.add_argument("kind", nargs="?", metavar="TYPE", help="jeunes, entreprises ou offres")
    p.add_argument("file", nargs="?", metavar="FICHIER", help="fichier .csv, .xlsx, .xls ou .ods à importer")
    p.add_argument("--template", metavar="TYPE", choices=KINDS,
                   help="affiche le modèle documenté du type (jeunes, entreprises, offres) et quitte")
    p.add_argument("--dry-run", action="store_true",
                   help="vérifie le fichier et affiche le rapport sans rien enregistrer")
    p.add_argument("--valid-only", action="store_true",
                   help="importe les lignes valides même si d'autres sont rejetées")
    p.add_argument("--existing", choices=("update", "skip"), default="skip",
                   help="fiches déjà dans la base : update (mettre à jour) ou skip (ignorer, "
                        "par défaut)")
    p.add_argument("--rejects", metavar="FICHIER.csv",
                   help="enregistre les lignes rejetées avec une colonne « motif du rejet »")
    p.add_argument("--annuler", metavar="COPIE", dest="undo",
                   help="annule un import d'après sa copie de sûreté (annulation-avant-import-….db, "
                        "dans le dossier sauvegardes) : supprime ce qu'il a créé, remet ce qu'il "
                        "a modifié")
    p.set_defaults(func=run)


def run(args, services) -> int:
    if args.template:
        from ...exchange.templates import template_text
        print(template_text(args.template), end="")
        return 0
    if args.undo:
        deleted, restored = services.imports.undo(args.undo)
        print(f"Import annulé : {deleted} enregistrement(s) supprimé(s), {restored} remis "
              "comme avant l'import.")
        return Exit.SUCCES
    if not args.kind or not args.file:
        raise DomainError("Indiquez le type et le fichier à importer (ex. : milo-desktop import "
                          "jeunes jeunes.csv), ou --template TYPE pour afficher un modèle.")
    preview = services.imports.analyse(args.kind, args.file)
    print_preview(preview)
    if not preview.ready:
        raise DomainError(_missing_columns(preview))
    if args.rejects and preview.rejected_rows:
        count = services.imports.save_rejects(preview, args.rejects)
        print(f"Lignes rejetées enregistrées dans « {args.rejects} » ({count} ligne(s)).")
    elif args.rejects:
        print(f"Aucune ligne rejetée : « {args.rejects} » n'a pas été créé.")
    if args.dry_run:
        print("Vérification seule (--dry-run) : rien n'a été enregistré.")
    else:
        report = services.imports.run(preview, valid_only=args.valid_only, existing=args.existing)
        for line in report.summary():
            print(line)
    return Exit.REJETS if preview.rejected_rows else Exit.SUCCES


def print_preview(preview) -> None:
    print(f"Import {preview.kind} : « {preview.path.name} » ({preview.source})")
    mapped = preview.mapping.mapping
    print("Colonnes reconnues : " + ", ".join(
        f"{h}" if h == _label(preview, n) else f"{h} → {_label(preview, n)}"
        for h, n in mapped.items()))
    if preview.unknown_columns:
        print("Colonnes ignorées : " + ", ".join(f"« {h} »" for h in preview.unknown_columns))
    if not preview.ready:
        return
    for line in preview.summary():
        print(line)
    if preview.rejected:
        print("Lignes rejetées :")
    for r in preview.rejected[:SHOWN]:
        where = f", colonne « {r.column} »" if r.column else ""
        value = f", valeur « {r.value} »" if r.value else ""
        print(f"  ligne {r.line}{where}{value} : {r.reason}")
    if len(preview.rejected) > SHOWN:
        print(f"  … et {len(preview.rejected) - SHOWN} autre(s) problème(s) : enregistrez-les "
              "tous avec --rejects FICHIER.csv.")
    if preview.repairs:
        print("Valeurs réparées (importées ainsi) :")
    for r in preview.repairs[:SHOWN]:
        print(f"  ligne {r.line} : {r.reason}")
    if len(preview.repairs) > SHOWN:
        print(f"  … et {len(preview.repairs) - SHOWN} autre(s).")
    if preview.warnings:
        print("Avertissements (lignes importées telles quelles, à vérifier) :")
    for line in preview.warning_lines(SHOWN):
        print(f"  {line}")


def _label(preview, name: str) -> str:
    return next((s.label for s in preview.mapping.schema if s.name == name), name)


def _missing_columns(preview) -> str:
    text = preview.summary()[0]
    if preview.unknown_columns:
        text += (" Colonnes du fichier non reconnues : "
                 + ", ".join(f"« {h} »" for h in preview.unknown_columns)
                 + ". Renommez-les comme dans le modèle (milo-desktop import --template "
                 f"{preview.kind}).")
    return text
