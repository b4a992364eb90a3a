"""PDF (ReportLab) and spreadsheet builders fed with plain data. No Qt, no SQL here."""
