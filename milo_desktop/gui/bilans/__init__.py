"""Bilans area: the report chooser, the PDF preview (QPdfView) and printing."""
