"""Accounts, the permission matrix and the audit chain: used by services, never by the GUI."""
