"""Accounts and audit trail screens (the services decide; these only show and ask)."""
