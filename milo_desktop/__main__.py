"""``python -m milo_desktop`` and the ``milo-desktop`` console script."""

import sys


def main() -> int:
    from .cli.main import main as cli_main
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
