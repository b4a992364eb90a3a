"""Entry point: parse, open the store, run a subcommand or the GUI."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys
from pathlib import Path

from .. import APP_NAME, __version__
from . import commands, exitcodes, french

log = logging.getLogger(__name__)

DESCRIPTION = f"""{APP_NAME} — l'outil des conseillers de Mission Locale : jeunes en cotraitance (PPAE),
offres d'emploi pour France Travail, orientations FASTT, bilans annuels des partenariats.

Sans sous-commande, ouvre l'application. Exemples :
  milo-desktop --data-dir ./ma-base demo --young 3000
  milo-desktop export cotraitance --out cotraitance.xlsx
  milo-desktop report bilan-partenariat --year 2026 --out bilan.pdf"""


def build_parser() -> french.Parser:
    french.install()
    parser = french.Parser(prog="milo-desktop", description=DESCRIPTION, epilog=exitcodes.help_text())
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help="affiche la version et quitte")
    parser.add_argument("--data-dir", metavar="DOSSIER", type=Path,
                        help="dossier de la base locale (par défaut : le dossier de données de l'utilisateur)")
    parser.add_argument("--self-check", action="store_true",
                        help="vérifie l'installation (base, migrations, intégrité, PDF) et quitte")
    sub = parser.add_subparsers(dest="command", title="sous-commandes", metavar="COMMANDE",
                                parser_class=french.Parser)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{info.name}").register(sub)
    return parser


def data_dir_of(args) -> Path:
    if args.data_dir:
        return args.data_dir.expanduser().resolve()
    from ..paths import default_data_dir
    return default_data_dir()


def open_services(data_dir: Path):
    """Open the store and build the services (CLI use: the first active user is the author)."""
    from ..persistence.migrations import open_store
    from ..services import AppContext, CurrentUser, Services
    services = Services(AppContext(open_store(data_dir), CurrentUser(None, "Ligne de commande")))
    return services


def main(argv: list[str] | None = None) -> int:
    from ..logsetup import private_umask, setup_logging
    parser = build_parser()
    args = parser.parse_args(argv)
    private_umask()  # before any file is created: store, logs, backups, exports
    setup_logging()
    if args.self_check:
        from .selfcheck import run_self_check
        return run_self_check(data_dir_of(args))
    if not args.command:
        from ..gui.app import run_gui
        return run_gui(data_dir_of(args), argv or [])
    return run_command(args)


def run_command(args) -> int:
    data_dir = data_dir_of(args)
    try:
        services = open_services(data_dir)
        return int(args.func(args, services) or 0)
    except BaseException as err:  # noqa: BLE001 - every failure ends in a French line and its code
        if isinstance(err, SystemExit):
            raise
        from ..paths import STORE_FILENAME
        return report_failure(err, data_dir / STORE_FILENAME)


def report_failure(err: BaseException, store_path: Path | None = None) -> int:
    """Print the French message of ``err`` (never a traceback: it goes to the log) and return
    its exit code (``exitcodes.code_for``, the one mapping)."""
    from ..domain.errors import DomainError
    from ..persistence import faults
    if not isinstance(err, DomainError) and faults.sqlite_error(err) is not None:
        err = faults.translate(err, store_path) or err
    code = exitcodes.code_for(err)
    if code == exitcodes.Exit.INTERROMPU:
        print("Interrompu : rien n'a été enregistré pour l'opération en cours.", file=sys.stderr)
    elif isinstance(err, DomainError):
        if isinstance(err, faults.StoreError):
            log.warning("%s : %s", err.__class__.__name__, err.message)
        from ..domain.text import escape_controls
        print(f"Erreur : {escape_controls(err.message)}", file=sys.stderr)
    else:
        from ..logsetup import setup_logging
        log.error("Erreur inattendue", exc_info=err)
        print(f"Erreur inattendue ({err.__class__.__name__}) : rien n'a été enregistré pour "
              f"l'opération en cours. Le détail est dans le journal technique : {setup_logging()}",
              file=sys.stderr)
    return int(code)
