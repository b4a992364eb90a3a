"""Pure business rules: no Qt, no SQL. Everything here is plain Python and testable alone."""
