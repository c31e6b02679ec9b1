"""Small inline SVG charts, made at build time: readable without JavaScript, coloured by
furo's CSS variables (``bunko.css``) so they follow light and dark mode.

Each chart carries a ``<title>`` and an ``aria-label`` with its numbers, so a screen reader
or a text browser gets the same facts as the picture.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable

from markupsafe import Markup, escape

_BAR_WIDTH, _BAR_GAP, _BAR_HEIGHT = 30, 6, 60
_MONTH_BAR_WIDTH = 22
_CELL, _CELL_GAP = 20, 3
_LEGEND_CELL = 12


def year_bars(counts_by_year: dict[int, int], describe: Callable[[int, int], str],
              title: str) -> Markup:
    """Posts per year as bars, every year from the first to the last (empty years too, so
    gaps show). ``describe(year, count)`` says one bar in words ("2026年: 3件")."""
    if not counts_by_year:
        return Markup("")
    years = list(range(min(counts_by_year), max(counts_by_year) + 1))
    highest = max(counts_by_year.values())
    width = len(years) * (_BAR_WIDTH + _BAR_GAP) + _BAR_GAP
    height = _BAR_HEIGHT + 34
    parts = []
    for index, year in enumerate(years):
        count = counts_by_year.get(year, 0)
        bar = round(_BAR_HEIGHT * count / highest) if count else 0
        x = _BAR_GAP + index * (_BAR_WIDTH + _BAR_GAP)
        top = 14 + _BAR_HEIGHT - bar
        middle = x + _BAR_WIDTH / 2
        parts.append(
            f'<g><title>{escape(describe(year, count))}</title>'
            f'<rect class="bunko-bar" x="{x}" y="{top}" width="{_BAR_WIDTH}" height="{bar}" />'
            f'<text class="bunko-chart-value" x="{middle}" y="{top - 3}">{count or ""}</text>'
            f'<text class="bunko-chart-label" x="{middle}" y="{height - 6}">{year}</text></g>')
    summary = ", ".join(describe(year, counts_by_year[year]) for year in sorted(counts_by_year))
    return Markup(
        f'<svg class="bunko-chart bunko-year-bars" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="{escape(title)}: {escape(summary)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(parts) + "</svg>")


#: Shades of a month with posts in the heatmap (``bunko-heat-1`` … ``-4``; 0 is no posts).
HEAT_LEVELS = 4


def heat_levels(counts: Iterable[int]) -> Callable[[int], int]:
    """A function from a month's post count to its shade: 0 without posts, else 1 to
    ``HEAT_LEVELS`` by where the month stands among the months with posts (its percentile
    rank, ties counted half). Ranked, not scaled by the busiest month: with one month of 40
    posts a scale would shade 1 post and 14 alike."""
    ordered = sorted(count for count in counts if count)

    def level(count: int) -> int:
        if not count:
            return 0
        below = bisect_left(ordered, count)
        alike = bisect_right(ordered, count) - below
        share = (below + alike / 2) / len(ordered)
        return 1 + min(HEAT_LEVELS - 1, int(HEAT_LEVELS * share))
    return level


def month_heatmap(counts_by_month: dict[tuple[int, int], int],
                  describe: Callable[[int, int, int], str],
                  month_url: Callable[[int, int], str], title: str,
                  legend: tuple[str, str], describe_range: Callable[[int, int], str]) -> Markup:
    """A calendar heatmap: a row per year from the last to the first (a year without posts
    is an empty row, so gaps show), a cell per month (numbered 1–12, which every language
    reads), darker for more posts (``heat_levels``); a cell with posts links to that month's
    page, and its tooltip names the month in words. Below, the legend: ``legend`` is the
    words at its ends (少, 多) and each shade's tooltip its range of posts
    (``describe_range(low, high)``)."""
    if not counts_by_month:
        return Markup("")
    first, last = min(year for year, _month in counts_by_month), max(
        year for year, _month in counts_by_month)
    years = range(last, first - 1, -1)
    level_of = heat_levels(counts_by_month.values())
    step = _CELL + _CELL_GAP
    left, top = 44, 18
    width = left + 12 * step
    grid_bottom = top + len(years) * step
    height = grid_bottom + _LEGEND_CELL + 14
    parts = [f'<text class="bunko-chart-label" x="{left + m * step + _CELL / 2}" y="13">'
             f'{m + 1}</text>' for m in range(12)]
    for row, year in enumerate(years):
        y = top + row * step
        parts.append(f'<text class="bunko-chart-label bunko-chart-year" x="{left - 6}" '
                     f'y="{y + _CELL - 5}">{year}</text>')
        for month in range(1, 13):
            count = counts_by_month.get((year, month), 0)
            x = left + (month - 1) * step
            said = escape(describe(year, month, count))
            rect = (f'<rect class="bunko-heat bunko-heat-{level_of(count)}" x="{x}" y="{y}" '
                    f'width="{_CELL}" height="{_CELL}" rx="3"')
            # A link's <title> is its name ("2026年1月: 3件") and the tooltip of its cell.
            parts.append(f'<a href="{escape(month_url(year, month))}" aria-label="{said}">'
                         f'<title>{said}</title>{rect} /></a>'
                         if count else f'{rect}><title>{said}</title></rect>')
    parts.append(_heat_legend(counts_by_month.values(), level_of, legend, describe_range,
                              left=left, top=grid_bottom + 8))
    return Markup(
        f'<svg class="bunko-chart bunko-heatmap" role="group" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(parts) + "</svg>")


def _heat_legend(counts: Iterable[int], level_of: Callable[[int], int],
                 words: tuple[str, str], describe_range: Callable[[int, int], str],
                 left: float, top: float) -> str:
    """少 ■■■■ 多 under the grid, the first word in the years' column: each shade with the
    range of posts it stands for as its tooltip."""
    ranges: dict[int, list[int]] = {}
    for count in counts:
        if count:
            ranges.setdefault(level_of(count), []).append(count)
    less, more = words
    step = _LEGEND_CELL + 3
    baseline = top + _LEGEND_CELL - 1
    parts = [f'<g class="bunko-heat-legend"><text class="bunko-chart-label bunko-chart-year" '
             f'x="{left - 6}" y="{baseline}">{escape(less)}</text>']
    for level in range(1, HEAT_LEVELS + 1):
        shown = ranges.get(level)
        tooltip = (f"<title>{escape(describe_range(min(shown), max(shown)))}</title>"
                   if shown else "")
        parts.append(f'<rect class="bunko-heat bunko-heat-{level}" x="{left + (level - 1) * step}"'
                     f' y="{top}" width="{_LEGEND_CELL}" height="{_LEGEND_CELL}" rx="2">'
                     f'{tooltip}</rect>')
    parts.append(f'<text class="bunko-chart-label bunko-legend-more" '
                 f'x="{left + HEAT_LEVELS * step + 3}" y="{baseline}">{escape(more)}</text></g>')
    return "".join(parts)


def month_bars(counts_by_month: dict[int, int], describe: Callable[[int, int], str],
               month_url: Callable[[int], str], title: str) -> Markup:
    """One year's posts per month as bars, January to December (empty months too); a bar
    with posts links to its month's page. Narrow enough (342 px) to fit a phone unscaled,
    so its 12 px labels stay 12 px."""
    if not any(counts_by_month.values()):
        return Markup("")
    highest = max(counts_by_month.values())
    step = _MONTH_BAR_WIDTH + _BAR_GAP
    width = 12 * step + _BAR_GAP
    height = _BAR_HEIGHT + 36
    parts = []
    for month in range(1, 13):
        count = counts_by_month.get(month, 0)
        bar = max(2, round(_BAR_HEIGHT * count / highest)) if count else 0
        x = _BAR_GAP + (month - 1) * step
        top = 16 + _BAR_HEIGHT - bar
        middle = x + _MONTH_BAR_WIDTH / 2
        said = escape(describe(month, count))
        body = (f'<title>{said}</title>'
                f'<rect class="bunko-bar-slot" x="{x}" y="16" width="{_MONTH_BAR_WIDTH}" '
                f'height="{_BAR_HEIGHT}" />'
                f'<rect class="bunko-bar" x="{x}" y="{top}" width="{_MONTH_BAR_WIDTH}" '
                f'height="{bar}" />'
                f'<text class="bunko-chart-value" x="{middle}" y="{top - 4}">{count or ""}</text>'
                f'<text class="bunko-chart-label" x="{middle}" y="{height - 6}">{month}</text>')
        parts.append(f'<a href="{escape(month_url(month))}" aria-label="{said}">{body}</a>'
                     if count else f"<g>{body}</g>")
    summary = ", ".join(describe(month, count)
                        for month, count in sorted(counts_by_month.items()) if count)
    return Markup(
        f'<svg class="bunko-chart bunko-month-bars" role="group" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{escape(title)}: {escape(summary)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(parts) + "</svg>")
