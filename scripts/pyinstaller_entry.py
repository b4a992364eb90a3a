"""Entry script for the PyInstaller bundle (build.spec)."""

import sys

from milo_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
