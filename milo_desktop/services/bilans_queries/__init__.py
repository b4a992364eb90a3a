"""SQL aggregations behind the reports and the dashboard: one function per figure group.

Every function takes a :class:`~.common.Runner` (SQLAlchemy session or raw ``sqlite3``
connection: the very same SQL runs through both, which the benchmark compares) and a
:class:`~.common.Scope` (period, site, day of the situation), and returns plain values.
"""
