"""The brief page's two drawings as plain geometry: the timeline chart (a point per entry on
a date axis) and the sources × facts grid. The templates only lay them out."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsfuse.model import Brief
from newsfuse.render.anchors import href, source_anchor

__all__ = [
    "ChartPoint",
    "ChartTick",
    "CoverageRow",
    "TimelineChart",
    "coverage_rows",
    "timeline_chart",
]

# Timeline chart geometry, in SVG user units: a 760-wide drawing fits the page's text
# column; a row of 22 holds one numbered point; date labels closer than 64 apart (a
# "30 May 2025" label at 11px is about 60 wide) drop to the next of three label rows.
_CHART_WIDTH = 760
_CHART_MARGIN = 60
_POINT_STEP = 22
_LABEL_GAP = 64
_LABEL_ROWS = 3
# At most this many points stack on one day; past it the last shows "+k" (a busy day of
# the seeds has 10 entries, which would make the chart taller than the page is wide).
_MAX_STACK = 6
# A gap between days longer than _GAP_FACTOR times the median gap (and at least a week)
# is drawn at that length with a break mark: in the seeds one event 15 days before the
# rest otherwise squeezes three days into the last tenth of the axis.
_SHORT_GAP_DAYS = 7
_GAP_FACTOR = 3


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """A point on the timeline chart; `number` is the list entry it links to."""

    x: float
    y: float
    number: int
    label: str
    title: str


@dataclass(frozen=True, slots=True)
class ChartTick:
    x: float
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class TimelineChart:
    width: int
    height: int
    axis_y: int
    left: int
    right: int
    points: tuple[ChartPoint, ...]
    ticks: tuple[ChartTick, ...]
    breaks: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class CoverageRow:
    number: int
    source_id: str
    anchor: str
    label: str
    cells: tuple[bool, ...]


def timeline_chart(brief: Brief) -> TimelineChart | None:
    """Points on a date axis, one per timeline entry (stacked on a shared day), numbered
    as the list below the chart; None when the timeline is empty."""
    entries = sorted(brief.timeline, key=lambda e: e.date)
    if not entries:
        return None
    days = sorted({entry.date for entry in entries})
    x_of, breaks = _day_positions(days)
    per_day = {day: [n for n, e in enumerate(entries, 1) if e.date == day] for day in days}
    stack_height = min(_MAX_STACK, max(len(numbers) for numbers in per_day.values()))
    axis_y = 16 + _POINT_STEP * stack_height
    points: list[ChartPoint] = []
    for day, numbers in per_day.items():
        shown = numbers if len(numbers) <= _MAX_STACK else numbers[: _MAX_STACK - 1]
        for level, number in enumerate(shown, 1):
            title = f"{day}: {entries[number - 1].text}"
            y = axis_y - _POINT_STEP * level + 4
            points.append(ChartPoint(x_of[day], y, number, str(number), title))
        if len(shown) < len(numbers):
            hidden = len(numbers) - len(shown)
            title = f"{day}: {hidden} more (entries {shown[-1] + 1}–{numbers[-1]})"
            y = axis_y - _POINT_STEP * _MAX_STACK + 4
            points.append(ChartPoint(x_of[day], y, shown[-1] + 1, f"+{hidden}", title))
    ticks = _chart_ticks(days, x_of, axis_y)
    height = int(max(tick.y for tick in ticks)) + 8
    return TimelineChart(
        _CHART_WIDTH,
        height,
        axis_y,
        _CHART_MARGIN,
        _CHART_WIDTH - _CHART_MARGIN,
        tuple(points),
        ticks,
        breaks,
    )


def _day_positions(days: Sequence[dt.date]) -> tuple[dict[dt.date, float], tuple[float, ...]]:
    """Where each day sits on the axis, and where the axis is broken: a gap much longer
    than the timeline's usual one is drawn shortened, so one old event does not squeeze
    the rest against the right edge."""
    left, right = _CHART_MARGIN, _CHART_WIDTH - _CHART_MARGIN
    if len(days) == 1:
        return {days[0]: (left + right) / 2}, ()
    gaps = [(later - earlier).days for earlier, later in itertools.pairwise(days)]
    longest = max(_SHORT_GAP_DAYS, _GAP_FACTOR * statistics.median(gaps))
    drawn = [min(gap, longest) for gap in gaps]
    scale = (right - left) / sum(drawn)
    positions = [float(left)]
    for gap in drawn:
        positions.append(positions[-1] + gap * scale)
    breaks = tuple(
        round((positions[n] + positions[n + 1]) / 2, 1)
        for n, gap in enumerate(gaps)
        if gap > longest
    )
    return {day: round(x, 1) for day, x in zip(days, positions, strict=True)}, breaks


def _chart_ticks(
    days: Sequence[dt.date], x_of: Mapping[dt.date, float], axis_y: int
) -> tuple[ChartTick, ...]:
    """A label per day; a label too close to the last one on its row drops a row."""
    ticks: list[ChartTick] = []
    row_ends: list[float] = [-1e9] * _LABEL_ROWS
    year: int | None = None
    for day in days:
        x = x_of[day]
        row = next((r for r in range(_LABEL_ROWS) if x - row_ends[r] >= _LABEL_GAP), 0)
        row_ends[row] = x
        label = f"{day.day} {day:%b}" + (f" {day.year}" if day.year != year else "")
        year = day.year
        ticks.append(ChartTick(x, axis_y + 18 + 14 * row, label))
    return tuple(ticks)


def coverage_rows(brief: Brief) -> tuple[CoverageRow, ...]:
    """Sources × facts: a row per source, a cell per fact, filled where the source has it."""
    return tuple(
        CoverageRow(
            number,
            source.id,
            href(source_anchor(source.id)),
            source.outlet or source.id,
            tuple(source.id in fact.sources for fact in brief.facts),
        )
        for number, source in enumerate(brief.sources, 1)
    )
