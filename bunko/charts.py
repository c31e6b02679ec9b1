"""Small inline SVG charts, made at build time: readable without JavaScript, coloured by
furo's CSS variables (``bunko.css``) so they follow light and dark mode.

Each chart carries a ``<title>`` and an ``aria-label`` with its numbers, so a screen reader
or a text browser gets the same facts as the picture.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

_BAR_WIDTH, _BAR_GAP, _BAR_HEIGHT = 30, 6, 60
_CELL, _CELL_GAP = 20, 3


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


def month_heatmap(counts_by_month: dict[tuple[int, int], int],
                  describe: Callable[[int, int, int], str],
                  month_url: Callable[[int, int], str], title: str) -> Markup:
    """A calendar heatmap: a row per year (newest on top), a cell per month (numbered 1–12,
    which every language reads), darker for more posts; a cell with posts links to that
    month's page, and its tooltip, which is also the link's name, says the month in words."""
    if not counts_by_month:
        return Markup("")
    years = sorted({year for year, _month in counts_by_month}, reverse=True)
    highest = max(counts_by_month.values())
    left, top = 40, 16
    width = left + 12 * (_CELL + _CELL_GAP)
    height = top + len(years) * (_CELL + _CELL_GAP)
    parts = [f'<text class="bunko-chart-label" x="{left + m * (_CELL + _CELL_GAP) + _CELL / 2}"'
             f' y="11">{m + 1}</text>' for m in range(12)]
    for row, year in enumerate(years):
        y = top + row * (_CELL + _CELL_GAP)
        parts.append(f'<text class="bunko-chart-label bunko-chart-year" x="{left - 6}" '
                     f'y="{y + _CELL - 4}">{year}</text>')
        for month in range(1, 13):
            count = counts_by_month.get((year, month), 0)
            level = 0 if not count else 1 + min(3, (4 * count - 1) // highest)
            x = left + (month - 1) * (_CELL + _CELL_GAP)
            words = f'<title>{escape(describe(year, month, count))}</title>'
            rect = (f'<rect class="bunko-heat bunko-heat-{level}" x="{x}" y="{y}" '
                    f'width="{_CELL}" height="{_CELL}" rx="3">')
            # A link's first <title> is its name ("2026年1月: 3件") and its tooltip.
            parts.append(f'<a href="{escape(month_url(year, month))}">{words}{rect}</rect></a>'
                         if count else f'{rect}{words}</rect>')
    # A group, not an image: an image's content is hidden from screen readers, and its
    # month links would be reachable by Tab yet nameless (axe: nested-interactive).
    return Markup(
        f'<svg class="bunko-chart bunko-heatmap" role="group" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(parts) + "</svg>")
