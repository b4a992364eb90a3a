"""Python's cyclic garbage collector, run in the GUI thread only.

The collector runs in whichever thread happens to allocate when a threshold is crossed. When
that is a worker (the dashboard or a report computing in the thread pool) and the garbage holds
Qt objects made in the GUI thread (a closed dialog caught in a reference cycle), they are
destroyed from the wrong thread: the process crashes (seen once in CI: « Fatal Python error:
Segmentation fault … Garbage-collecting » inside ReportLab's SVG rendering, in a worker).

So automatic collection is switched off and a timer in the GUI thread does the same work: it
collects the generations whose thresholds have been crossed, as Python would have done.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> int:
        """Collect what Python's own thresholds call for; returns the objects found unreachable."""
        counts = gc.get_count()
        found = 0
        if counts[0] > self.thresholds[0]:
            generation = 0
            if counts[1] > self.thresholds[1]:
                generation = 2 if counts[2] > self.thresholds[2] else 1
            found = gc.collect(generation)
        return found

    def stop(self) -> None:
        """Give the collection back to Python (at exit, or in tests)."""
        self.timer.stop()
        gc.enable()


def install(app: QObject) -> GuiThreadCollector:
    """Start the collector for the application's lifetime (kept alive by ``app``)."""
    return GuiThreadCollector(app)
