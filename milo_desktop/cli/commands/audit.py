"""``milo-desktop audit verifier|exporter``."""

from __future__ import annotations

from ...domain.dates import parse_date


def register(sub) -> None:
    p = sub.add_parser("audit", help="vérifie ou exporte le journal d'audit",
                       description="verifier : contrôle la chaîne d'empreintes du journal d'audit "
                                   "(code de sortie 0 si elle est intègre, 1 sinon, avec le premier "
                                   "événement en cause). exporter : écrit les événements d'une période.")
    actions = p.add_subparsers(dest="action", title="actions", metavar="ACTION", required=True)
    actions.add_parser("verifier", help="vérifie la chaîne d'empreintes")
    e = actions.add_parser("exporter", help="exporte les événements d'une période (CSV ou XLSX)")
    e.add_argument("--du", metavar="JJ/MM/AAAA")
    e.add_argument("--au", metavar="JJ/MM/AAAA")
    e.add_argument("--out", required=True, metavar="FICHIER")
    p.set_defaults(func=run)


def run(args, services) -> int:
    if args.action == "verifier":
        result = services.audit.verifier()
        print(result.message)
        return 0 if result.ok else 1
    du = parse_date(args.du) if args.du else None
    au = parse_date(args.au) if args.au else None
    count = services.audit.exporter(du, au, args.out)
    print(f"{count} événement(s) exporté(s) dans {args.out}")
    return 0
