"""Charts drawn once with ``reportlab.graphics``: placed in the PDF as they are, and shown on
screen as SVG (``to_svg``: QtSvg does not support ``<clipPath>``, so it is removed).

Every value axis starts at 0 with whole-number steps; labels use French number formatting.
"""

from __future__ import annotations

import math
import re

from .model import Figure
from .pdfbase import FONT, fmt_int, register_fonts

PALETTE = ("#1f3b63", "#e8833a", "#6f9fd8", "#8cb369", "#c0504d", "#9e7bb5", "#f2c14e", "#4bacc6",
           "#7f7f7f", "#b5651d")
TEXT = "#333333"
GRID = "#d9dee5"


def _color(i: int):
    from reportlab.lib.colors import HexColor
    return HexColor(PALETTE[i % len(PALETTE)])


def nice_step(top: float) -> float:
    """A round step giving about 5 intervals up to ``top`` (at least 1: counts are whole)."""
    if top <= 5:
        return 1
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _value_axis(axis, top: float) -> None:
    from reportlab.lib.colors import HexColor
    step = nice_step(top)
    axis.valueMin = 0
    axis.valueMax = (math.floor(top / step) + 1) * step  # headroom for the value labels
    axis.valueStep = step
    axis.labels.fontName, axis.labels.fontSize = FONT, 7
    axis.labels.fillColor = HexColor(TEXT)
    axis.labelTextFormat = lambda v: fmt_int(int(round(v))) if float(v).is_integer() else f"{v:g}".replace(".", ",")
    axis.visibleGrid = True
    axis.gridStrokeColor = HexColor(GRID)
    axis.gridStrokeWidth = 0.5
    axis.strokeColor = HexColor("#999999")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _legend(fig: Figure, x: float, y: float, names: list[str] | None = None):
    from reportlab.graphics.charts.legends import Legend
    from reportlab.lib.colors import HexColor
    legend = Legend()
    labels = names or [s.label for s in fig.series] + ([fig.line.label] if fig.line else [])
    legend.colorNamePairs = [(_color(i), _shorten(label, 64)) for i, label in enumerate(labels)]
    legend.fontName, legend.fontSize, legend.fillColor = FONT, 7, HexColor(TEXT)
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.boxAnchor = "nw"
    legend.columnMaximum = 1 if len(labels) <= 4 else 2
    legend.dx = legend.dy = 7
    legend.deltax = 10
    legend.dxTextSpace = 4
    legend.variColumn = True
    legend.autoXPadding = 12
    return legend


def _top(fig: Figure) -> float:
    values = [v for s in fig.series for v in s.values] + (list(fig.line.values) if fig.line else [])
    return max(values, default=0)


def _bar(fig: Figure, width: float, height: float):
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.colors import HexColor
    d = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 38, 34, width - 50, height - 58
    chart.data = [list(s.values) for s in fig.series]
    per_category = chart.width / max(len(fig.categories), 1)
    rotate = max((len(c) for c in fig.categories), default=0) * 4.2 > per_category - 4
    limit = 22 if rotate else max(8, int(per_category / 4.2))
    chart.categoryAxis.categoryNames = [_shorten(c, limit) for c in fig.categories]
    _value_axis(chart.valueAxis, _top(fig))
    labels = chart.categoryAxis.labels
    labels.fontName, labels.fontSize, labels.fillColor = FONT, 7, HexColor(TEXT)
    if rotate:
        labels.angle, labels.boxAnchor, labels.dx, labels.dy = 30, "ne", 0, -2
        chart.y += 22
        chart.height -= 22
    chart.groupSpacing, chart.barSpacing = 6, 1
    for i in range(len(fig.series)):
        chart.bars[i].fillColor = _color(i)
        chart.bars[i].strokeColor = None
    if _labels_fit(fig, chart.width):
        chart.barLabelFormat = lambda v: fmt_int(int(v)) if v else ""
        chart.barLabels.fontName, chart.barLabels.fontSize = FONT, 6
        chart.barLabels.nudge = 6
    d.add(chart)
    if fig.line is not None:
        d.add(_overlay_line(fig, chart))
    d.add(_legend(fig, 38, height - 4))
    return d


def _labels_fit(fig: Figure, width: float) -> bool:
    """Value labels over the bars only when the widest one fits a bar."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    bars = max(1, len(fig.categories) * len(fig.series))
    bar_width = width / (bars + len(fig.categories) * 0.6)
    return stringWidth(fmt_int(int(_top(fig))), FONT, 6) <= bar_width + 2


def _overlay_line(fig: Figure, bars):
    """The ``line`` series drawn over the bars, on the same value scale and category centres."""
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.widgets.markers import makeMarker
    line = HorizontalLineChart()
    line.x, line.y, line.width, line.height = bars.x, bars.y, bars.width, bars.height
    line.data = [list(fig.line.values)]
    line.categoryAxis.visible = False
    line.categoryAxis.categoryNames = list(bars.categoryAxis.categoryNames)
    line.valueAxis.visible = False
    for attr in ("valueMin", "valueMax", "valueStep"):
        setattr(line.valueAxis, attr, getattr(bars.valueAxis, attr))
    line.lines[0].strokeColor = _color(len(fig.series))
    line.lines[0].strokeWidth = 2
    line.lines[0].symbol = makeMarker("FilledCircle", size=3)
    line.lines[0].symbol.fillColor = _color(len(fig.series))
    return line


def _hbar(fig: Figure, width: float, height: float):
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.colors import HexColor
    d = Drawing(width, height)
    from reportlab.pdfbase.pdfmetrics import stringWidth
    chart = HorizontalBarChart()
    names = [_shorten(c, 48) for c in fig.categories]
    left = min(12 + max((stringWidth(c, FONT, 7) for c in names), default=40), width * 0.45)
    while names and max(stringWidth(c, FONT, 7) for c in names) > left - 10:
        names = [_shorten(c, len(c) - 2) if stringWidth(c, FONT, 7) > left - 10 else c for c in names]
    chart.x, chart.y, chart.width, chart.height = left, 18, width - left - 16, height - 44
    # Categories read top-down; within a group the first series is drawn on top.
    chart.data = [list(reversed(s.values)) for s in reversed(fig.series)]
    chart.categoryAxis.categoryNames = list(reversed(names))
    labels = chart.categoryAxis.labels
    labels.fontName, labels.fontSize, labels.fillColor = FONT, 7, HexColor(TEXT)
    labels.boxAnchor, labels.dx = "e", -5
    _value_axis(chart.valueAxis, _top(fig))
    chart.groupSpacing, chart.barSpacing = 3, 0.5
    count = len(fig.series)
    for i in range(count):
        chart.bars[i].fillColor = _color(count - 1 - i)
        chart.bars[i].strokeColor = None
    chart.barLabelFormat = lambda v: fmt_int(int(v)) if v else ""
    chart.barLabels.fontName, chart.barLabels.fontSize = FONT, 6
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 3
    d.add(chart)
    d.add(_legend(fig, left, height - 4))
    return d


def _pie(fig: Figure, width: float, height: float):
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.colors import white
    d = Drawing(width, height)
    values = list(fig.series[0].values)
    total = sum(values) or 1
    keep = [i for i, v in enumerate(values) if v]
    size = min(height - 20, width * 0.42)
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 14, (height - size) / 2, size, size
    pie.data = [values[i] for i in keep]
    pie.labels = [f"{values[i] * 100 / total:.0f} %".replace(".", ",") for i in keep]
    pie.simpleLabels = True
    pie.slices.fontName, pie.slices.fontSize, pie.slices.fontColor = FONT, 7, white
    pie.slices.labelRadius = 0.65
    pie.slices.strokeColor, pie.slices.strokeWidth = white, 1
    pie.startAngle, pie.direction = 90, "clockwise"
    for n, i in enumerate(keep):
        pie.slices[n].fillColor = _color(i)
    d.add(pie)
    names = [f"{_shorten(fig.categories[i], 44)} : {fmt_int(int(values[i]))}" for i in range(len(values))]
    legend = _legend(fig, size + 40, height / 2 + 6 * len(names), names)
    legend.columnMaximum = len(names)
    d.add(legend)
    return d


def _empty(fig: Figure, width: float, height: float):
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib.colors import HexColor
    d = Drawing(width, height)
    d.add(Rect(0, 0, width, height, fillColor=HexColor("#f5f7fa"), strokeColor=HexColor(GRID)))
    d.add(String(width / 2, height / 2, "Aucune donnée à représenter pour la période",
                 fontName=FONT, fontSize=9, fillColor=HexColor("#777777"), textAnchor="middle"))
    return d


def drawing(fig: Figure, width: float = 440, height: float = 200):
    """The chart of ``fig`` as a ReportLab Drawing (points)."""
    register_fonts()
    if fig.is_empty and not (fig.line and any(fig.line.values)):
        return _empty(fig, width, height)
    if fig.kind == "pie":
        return _pie(fig, width, height)
    if fig.kind == "hbar":
        return _hbar(fig, width, height)
    return _bar(fig, width, height)


def hbar_height(fig: Figure) -> float:
    """A height giving each horizontal bar room to read."""
    return max(120.0, 44 + len(fig.categories) * (7 + 6 * len(fig.series)))


_CLIP = re.compile(r"<clipPath\b.*?</clipPath>\s*|\sclip-path=\"[^\"]*\"|clip-path:\s*url\([^)]*\);?\s*", re.S)


def to_svg(d) -> str:
    """SVG text of a Drawing, without the ``<clipPath>`` QtSvg cannot render."""
    from reportlab.graphics import renderSVG
    return _CLIP.sub("", renderSVG.drawToString(d))
