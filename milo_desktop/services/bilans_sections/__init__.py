"""Assembly of the reports from the figure functions of ``bilans_queries``: one module per
report, plus the shared table and chart builders the dashboard reuses."""
