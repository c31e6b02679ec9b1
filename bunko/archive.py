"""The time axis: posts by year and month, and splitting any listing into pages.

A post is filed under the calendar date its page shows: the date in the zone it was written
with (or ``bunko_timezone`` when it names none). A post of 2026-01-01 01:00 +09:00 is in
January 2026, as its page says, although it was still 2025 in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass

from .post import Post


@dataclass(frozen=True)
class Archive:
    #: year → month → docnames, newest first at every level.
    months_by_year: dict[int, dict[int, tuple[str, ...]]]

    def year_count(self, year: int) -> int:
        return sum(len(names) for names in self.months_by_year[year].values())

    def counts_by_month(self) -> dict[tuple[int, int], int]:
        return {(year, month): len(names)
                for year, months in self.months_by_year.items()
                for month, names in months.items()}


def build_archive(newest: list[tuple[str, Post]]) -> Archive:
    months_by_year: dict[int, dict[int, list[str]]] = {}
    for docname, post in newest:
        months_by_year.setdefault(post.date.year, {}).setdefault(post.date.month,
                                                                 []).append(docname)
    return Archive({year: {month: tuple(names) for month, names in months.items()}
                    for year, months in months_by_year.items()})


def year_pagename(year: int) -> str:
    return f"archive/{year:04d}/index"


def month_pagename(year: int, month: int) -> str:
    return f"archive/{year:04d}/{month:02d}/index"


ARCHIVE_INDEX = "archive/index"
#: Years the archive page draws month by month (heatmap rows and month lists), counted back
#: from the newest year: a row a year would grow the page without end (150 years of posts
#: made it 300 KB). Older years are listed with their counts; each year's page has its months.
RECENT_YEARS = 10


def recent_years(archive: Archive) -> range:
    """The years, newest first, that the archive page shows month by month."""
    newest = max(archive.months_by_year)
    return range(newest, max(min(archive.months_by_year), newest - RECENT_YEARS + 1) - 1, -1)


@dataclass(frozen=True, slots=True)
class ListingPage:
    """One page of a paginated listing: the first page (``number`` None) or ``page/number``."""

    pagename: str
    number: int | None
    docnames: tuple[str, ...]


def first_page_size(total: int, per_page: int) -> int:
    """How many of a listing's ``total`` posts its first page shows (``paginate``)."""
    return total - max(0, total // per_page - 1) * per_page


def paginate(first_pagename: str, docnames: tuple[str, ...],
             per_page: int) -> list[ListingPage]:
    """Split a listing (``docnames`` newest first) into its pages, newest first: the first
    page at ``first_pagename`` (``tags/ai/index``), then ``tags/ai/page/M`` down to
    ``tags/ai/page/1``.

    Numbered pages are fixed chunks counted from the oldest post: ``page/1`` holds the
    oldest ``per_page`` posts, ``page/2`` the next ones, and the first page holds the rest,
    the newest ``per_page`` to ``2 × per_page − 1`` (all of them in a shorter listing). A new
    post changes the first page only, and every ``per_page``-th one moves ``per_page`` posts
    from it into a new ``page/M+1``: the older pages stay as they were, so a site that
    publishes daily does not rewrite its whole listing. An empty listing still has its one
    (empty) page."""
    folder = first_pagename.rpartition("/")[0]
    prefix = f"{folder}/page" if folder else "page"
    total = len(docnames)
    first_size = first_page_size(total, per_page)
    return [ListingPage(first_pagename, None, docnames[:first_size]), *(
        ListingPage(f"{prefix}/{number}", number,
                    docnames[total - number * per_page:total - (number - 1) * per_page])
        for number in range((total - first_size) // per_page, 0, -1))]


@dataclass(frozen=True, slots=True)
class PagerLink:
    """One entry of a pager's list: a page (``number`` None for the first page) or a gap."""

    pagename: str | None
    number: int | None
    current: bool = False

    @property
    def gap(self) -> bool:
        return self.pagename is None


@dataclass(frozen=True, slots=True)
class Pager:
    """What a listing page's pager shows, as page names (``PageViews.pager`` makes them
    links). It names no total: the pages near the current one, the first page and page 1
    (the oldest), so when a listing gains a page only the pages near the top change."""

    newer: str | None
    older: str | None
    links: tuple[PagerLink, ...]


#: Numbered pages the pager names on either side of the current one.
PAGER_WINDOW = 2


def pager_for(pages: list[ListingPage], current: ListingPage) -> Pager | None:
    """The pager of ``current`` among ``pages`` (``paginate``'s list, newest first); None for
    a listing of one page. Its list reads as the pages do, newest first: the first page,
    numbers from the highest near the current page down, then page 1."""
    if len(pages) < 2:
        return None
    top = len(pages) - 1  # the highest page number; page n is pages[top + 1 - n]
    position = top + 1 if current.number is None else current.number
    index = top + 1 - position
    window = range(min(top, position + PAGER_WINDOW), max(1, position - PAGER_WINDOW) - 1, -1)
    links = [PagerLink(pages[0].pagename, None, current.number is None)]
    previous = top + 1
    for number in [*window, *([1] if window[-1] != 1 else [])]:
        if previous - number > 1:
            links.append(PagerLink(None, None))
        links.append(PagerLink(pages[top + 1 - number].pagename, number, number == current.number))
        previous = number
    return Pager(newer=pages[index - 1].pagename if index > 0 else None,
                 older=pages[index + 1].pagename if index + 1 < len(pages) else None,
                 links=tuple(links))
