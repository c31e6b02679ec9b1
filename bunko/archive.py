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


@dataclass(frozen=True, slots=True)
class ListingPage:
    """One page of a paginated listing."""

    pagename: str
    number: int
    docnames: tuple[str, ...]


def paginate(first_pagename: str, docnames: tuple[str, ...],
             per_page: int) -> list[ListingPage]:
    """Split a listing: page 1 at ``first_pagename`` (``tags/ai/index``), page n beside it
    at ``tags/ai/page/n``. An empty listing still has its one (empty) page."""
    folder = first_pagename.rpartition("/")[0]
    prefix = f"{folder}/page" if folder else "page"
    chunks = [docnames[start:start + per_page]
              for start in range(0, len(docnames), per_page)] or [()]
    return [ListingPage(first_pagename if number == 1 else f"{prefix}/{number}", number, chunk)
            for number, chunk in enumerate(chunks, start=1)]
