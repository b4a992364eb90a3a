"""Offers, employers, mises en relation and plateformes de vocation (widgets and dialogs)."""
