"""MILO Desktop: the Mission Locale adviser's desktop tool (cotraitance, offres, FASTT, bilans)."""

__version__ = "0.1.0"
APP_NAME = "MILO Desktop"
APP_ID = "milo-desktop"
ORG_NAME = "MILO"
