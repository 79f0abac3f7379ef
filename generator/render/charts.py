"""Inline SVG charts: a month-by-month trend of a rate (attendance, satisfaction).

No script and no external file: the SVG is part of the page, scales with its
container (viewBox, width 100 %), prints, and names itself for screen readers
(role="img", <title>, a <desc> listing every value). Values are rates in 0…1;
None marks a month without data and breaks the line.
"""
from __future__ import annotations

from markupsafe import Markup, escape

W, H = 640, 240
# The right margin holds the reference line's label, outside the plot, where no data point can cover it.
LEFT, RIGHT, TOP, BOTTOM = 44, 44, 16, 34


def _x(i: int, n: int) -> float:
    return LEFT + (W - LEFT - RIGHT) * (i + 0.5) / n


def _y(value: float) -> float:
    return TOP + (H - TOP - BOTTOM) * (1 - max(0.0, min(1.0, value)))


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _grid() -> list[str]:
    out = []
    for level in (0, 0.25, 0.5, 0.75, 1):
        y = _num(_y(level))
        out.append(f'<line class="grid" x1="{LEFT}" x2="{W - RIGHT}" y1="{y}" y2="{y}"/>')
        out.append(f'<text class="axis" x="{LEFT - 6}" y="{y}" text-anchor="end" dy="0.35em">{int(level * 100)}%</text>')
    return out


def _threshold(value: float, label: str) -> list[str]:
    """The dashed reference line across the plot, labelled in the right margin (never under the data)."""
    y = _num(_y(value))
    return [f'<line class="threshold" x1="{LEFT}" x2="{W - RIGHT}" y1="{y}" y2="{y}"/>',
            f'<text class="axis threshold-label" x="{W - RIGHT + 6}" y="{y}" dy="0.35em" '
            f'text-anchor="start">{escape(label)}</text>']


def _segments(points: list[tuple[float, float] | None]) -> list[str]:
    runs, current = [], []
    for p in points + [None]:
        if p is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(p)
    return [" ".join(f"{_num(x)},{_num(y)}" for x, y in run) for run in runs if len(run) > 1]


def trend_chart(chart_id: str, title: str, labels: list[str], values: list[float | None],
                *, threshold: float | None = None, threshold_label: str = "", no_data: str = "") -> Markup:
    """A line chart of ``values`` (0…1 or None) over ``labels``, as an inline <svg>.

    Its words are the caller's, in the site's script: ``title``, ``labels`` and ``no_data`` (a month
    without a value, NO_DATA when not given).
    """
    n = max(len(labels), 1)
    points = [(_x(i, n), _y(v)) if v is not None else None for i, v in enumerate(values)]
    no_data = no_data or NO_DATA
    desc = "；".join(f"{label}：{no_data if v is None else f'{v * 100:.0f}%'}" for label, v in zip(labels, values))
    parts = [f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-t">{escape(title)}</title>', f'<desc id="{chart_id}-d">{escape(desc)}</desc>']
    parts += _grid()
    if threshold is not None:
        parts += _threshold(threshold, threshold_label)
    for i, label in enumerate(labels):
        parts.append(f'<text class="axis" x="{_num(_x(i, n))}" y="{H - BOTTOM + 20}" text-anchor="middle">{escape(label)}</text>')
    for run in _segments(points):
        parts.append(f'<polyline class="line" points="{run}"/>')
    for label, value, point in zip(labels, values, points):
        if point is not None:
            parts.append(f'<circle class="dot" cx="{_num(point[0])}" cy="{_num(point[1])}" r="4">'
                         f'<title>{escape(label)}：{value * 100:.0f}%</title></circle>')
    parts.append("</svg>")
    return Markup("".join(parts))


def monthly_average(values_by_month: dict[int, list[float]]) -> list[float | None]:
    """Twelve monthly means (None for a month without values)."""
    out: list[float | None] = []
    for month in range(1, 13):
        vals = values_by_month.get(month) or []
        out.append(round(sum(vals) / len(vals), 4) if vals else None)
    return out


MONTH_LABELS = [f"{m}月" for m in range(1, 13)]
NO_DATA = "无数据"
