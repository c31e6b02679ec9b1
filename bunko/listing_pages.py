"""Listing pages: the home page's numbered pages, term indexes and pages, the archive.

They are generated at ``html-collect-pages`` from the catalog, as Sphinx makes its search
and index pages: nothing is written into the source folder (sphinx-tags 0.4 writes ``_tags/``
there), and there are no doctrees to keep in step with the posts. Because they are made
from the catalog on every build, an incremental or parallel build lists exactly what a clean
serial build does.

Rendering every listing page on every build would cost seconds at 1,000 posts (4 of a
no-change rebuild's 7 s under cProfile), so each page is first described by a digest of what
it shows, made from the catalog without rendering anything (``Catalog.list_entry_key`` per
post). The output manifest (``output.py``) remembers that digest: a page whose content,
sidebar and configuration are unchanged is neither rendered nor written again, and a page
that is no longer generated (a tag nobody uses any more) is deleted.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path

from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.logging import NAMESPACE, VERBOSITY_MAP, getLogger
from sphinx.util.parallel import ParallelTasks

from .archive import (
    ARCHIVE_INDEX,
    ListingPage,
    month_pagename,
    pager_for,
    paginate,
    recent_years,
    year_pagename,
)
from .build_state import BuildState, build_of
from .catalog import Catalog
from .charts import month_bars, month_heatmap, year_bars
from .collection import collection_state
from .dates import format_month, format_year
from .feeds import term_feed_path
from .output import FORMAT_VERSION, digest, digest_of, remove_file
from .pages import PageViews, home_pages
from .saved_config import late_options_fingerprint
from .site import site_of
from .taxonomy import Taxonomy, TermListing, cloud_weights, name_group

logger = getLogger("bunko")

#: Builders whose pages are files bunko can add to (not singlehtml, epub, latex...).
LISTING_BUILDERS = ("html", "dirhtml")


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    pagename: str
    title: str
    #: A digest of everything the body shows, made without rendering it.
    content_key: str
    #: Renders the body (HTML); called only when ``content_key`` changed.
    render: Callable[[], str]
    #: Date of the newest post it lists (the sitemap's ``lastmod``).
    updated: datetime | None = None
    #: The Atom feed of what it lists, from the output root (term pages).
    feed: str | None = None
    #: Whether every post it lists is a draft shown as a preview: such a page is not
    #: announced (sitemap), as the drafts themselves are not.
    drafts_only: bool = False


@dataclass(frozen=True, slots=True)
class Listing:
    """The pages of one list (a term's, a month's, the home page's older pages...) with a
    digest of everything they show, made from the catalog before any page is described:
    a rebuild takes the pages of a listing whose digest is as the last build recorded it
    as they are, undescribed. Describing all of a site's listings took 2 s of every
    rebuild that read one post at 10,000 posts; an edit changes the few that list it."""

    #: The pagename of its first page: which listing it is, from build to build.
    name: str
    #: The digest, which the configuration's salt (``_build_salt``) completes; ``None``:
    #: described on every build (a page made from every term or month).
    signature: str | None
    pages: Callable[[], Iterator[GeneratedPage]]


def collect_listing_pages(app: Sphinx, meanwhile: Callable[[], None]) -> tuple[()]:
    """``html-collect-pages``: write the listing pages whose content changed
    (``write_pages``), with ``meanwhile`` done by the main process as they are written, and
    hand Sphinx none. Pages no longer made are deleted when the build finishes
    (``output.py``). When no document was read or removed since the pages were made, and
    nothing else they show changed (``unchanged_inputs``), the last build's pages are taken
    as they are, unmade; else so are those of each listing whose digest is unchanged
    (``Listing``)."""
    build = build_of(app)
    if app.builder.name not in LISTING_BUILDERS or build.catalog is None:
        meanwhile()
        return ()
    manifest = build.output_manifest(app)
    salt = _build_salt(app, build.catalog)
    inputs = unchanged_inputs(app, build.catalog)
    build.listing_pages = {}
    build.preview_pages = set()
    salt_digest = digest(salt)
    recorded = manifest.recorded(_GROUP)
    known = (recorded["listings"] if isinstance(recorded, dict)
             and recorded.get("salt") == salt_digest else {})
    if known and inputs and manifest.reuse(_GROUP, inputs) is not None:
        for _signature, pages in known.values():
            _note_pages(build, pages)
        meanwhile()
        return ()
    documents = app.env.found_docs
    made_before = set(manifest.current)
    clashed = False
    listings: dict[str, list] = {}
    described = 0
    to_write: list[GeneratedPage] = []
    for listing in generate_listings(app, build.catalog):
        signature, pages = known.get(listing.name, (None, ()))
        if (listing.signature is not None and signature == listing.signature
                and not any(name in documents for name, *_rest in pages)
                and manifest.keep(output_path(app, name) for name, *_rest in pages)):
            _note_pages(build, pages)
            listings[listing.name] = [signature, pages]
            continue
        described += 1
        pages = []
        for page in listing.pages():
            if page.pagename in documents:
                # Sphinx writes documents first: a listing page would silently replace it.
                logger.warning("this page has the name of a page bunko generates (%s); the "
                               "document keeps it and the listing is not written: rename or "
                               "move the document", page.title, location=page.pagename,
                               type="bunko", subtype="collision")
                clashed = True
                continue
            pages.append([page.pagename, page.updated.isoformat() if page.updated else None,
                          page.drafts_only])
            relative = output_path(app, page.pagename)
            if manifest.needs_writing(relative, digest(salt, page.title, page.content_key)):
                to_write.append(page)
        _note_pages(build, pages)
        listings[listing.name] = [listing.signature, pages]
    logger.verbose("bunko: %d of %d listings described again", described, len(listings))
    # The pages' files are in the manifest from here on; ``meanwhile`` adds its own.
    made = set(manifest.current) - made_before
    write_pages(app, to_write, meanwhile)
    if inputs and not clashed:  # a clash is warned about on every build: made every time
        manifest.record(_GROUP, inputs, made, {"salt": salt_digest, "listings": listings})
    return ()


#: Fewer pages to write than this are written by the main process alone: a forked writer
#: costs more than it saves.
PARALLEL_PAGES_FROM = 64


def write_pages(app: Sphinx, pages: list[GeneratedPage], meanwhile: Callable[[], None]) -> None:
    """Render and write ``pages``, shared between the main process and forked writers when
    Sphinx writes in parallel, the main process doing ``meanwhile`` first.

    Sphinx writes the pages of ``html-collect-pages`` one after the other in the main
    process, after the documents: at 1,000 posts, 900 listing pages took 2.8 s with the other
    core idle, longer than the bare stack's whole write phase saves. A listing page depends
    on nothing its writer could change: everything it shows (catalog, manifest digest,
    sidebar) is decided here before forking, and the writers send back only their log
    records, as Sphinx's own document writers do. So the ``html-page-context`` handlers see
    these pages in a writer, as they see every post page in a parallel build.

    The build's other serial work (``meanwhile``: the search index) is done by the main
    process while the writers write, so the pages are taken a few at a time by whichever
    process is free (``_take_pages``): a split fixed beforehand would leave the writers idle
    or the main process last. The writers are forked before it, so they do not carry the
    memory it takes."""
    builder = app.builder
    if not pages or not builder.parallel_ok or len(pages) < PARALLEL_PAGES_FROM:
        meanwhile()
        _write_chunk(builder, pages)
        return
    taken = multiprocessing.get_context("fork").Value("i", 0)
    tasks = ParallelTasks(app.parallel - 1)
    for _writer in range(app.parallel - 1):
        tasks.add_task(partial(_write_in_writer, builder, pages, taken))
    try:
        meanwhile()
        _take_pages(builder, pages, taken)
    except BaseException:
        tasks.terminate()  # as Sphinx does with its writers when one fails
        raise
    tasks.join()


#: Pages a process takes at once from those left to write: few enough that the processes
#: end together (a page takes a few milliseconds), enough that taking them costs nothing.
PAGES_A_TAKE = 8


def _take_pages(builder: StandaloneHTMLBuilder, pages: list[GeneratedPage],
                taken: Synchronized) -> None:
    """Write the next ``PAGES_A_TAKE`` of ``pages`` not taken by another process, counted
    by ``taken`` (shared by every process of the build), until none is left."""
    while True:
        with taken.get_lock():
            start = taken.value
            taken.value = start + PAGES_A_TAKE
        if start >= len(pages):
            return
        _write_chunk(builder, pages[start:start + PAGES_A_TAKE])


def _write_in_writer(builder: StandaloneHTMLBuilder, pages: list[GeneratedPage],
                     taken: Synchronized) -> None:
    """``pages`` taken and written by a forked writer (``_take_pages``), which makes no log
    record its build's verbosity would not show. A task's process keeps every record until
    it ends, to send them back (Sphinx's ``LogCollector``), debug records too, one per page
    at least; the memory they pin is not given back: a writer of 4,500 pages grew by 200 MB
    at 10,000 posts, half the size of the process it was forked from, and peaked the
    build's memory by it."""
    logging.getLogger(NAMESPACE).setLevel(VERBOSITY_MAP[builder.app.verbosity])
    _take_pages(builder, pages, taken)


def _write_chunk(builder: StandaloneHTMLBuilder, pages: list[GeneratedPage]) -> None:
    for page in pages:
        # Sphinx's templates take a page title as HTML (`title|striptags|e`): text must be
        # escaped, or a "<script>" in a tag's name is stripped as a tag.
        builder.handle_page(page.pagename, {"title": escape(page.title),
                                            "body": Markup(page.render()),
                                            "bunko_listing": True,
                                            "bunko_feed": page.feed}, "page.html")


def _note_pages(build: BuildState, pages: list[list]) -> None:
    """Note a listing's pages (``[pagename, newest post's date, drafts only]``) for the
    sitemap and the served pages."""
    for name, updated, drafts_only in pages:
        build.listing_pages[name] = datetime.fromisoformat(updated) if updated else None
        if drafts_only:
            build.preview_pages.add(name)


#: The listing pages' group in the output manifest.
_GROUP = "listing pages"


def unchanged_inputs(app: Sphinx, catalog: Catalog, *more: str) -> str | None:
    """A digest of what the files bunko makes from the catalog depend on: the collection
    as it is (``collection.collection_state``), the configuration and templates
    (``_build_salt``) and ``more``; ``None`` when the collection has no state yet."""
    state = collection_state(app.env)
    return digest(state, _build_salt(app, catalog), *more) if state else None


def _build_salt(app: Sphinx, catalog: Catalog) -> str:
    """What every listing page depends on besides its content: the configuration (Sphinx's
    own hash of it, and the theme's options it does not hash: ``saved_config.py``), the
    newest template (theme and bunko's fragments), the sidebar's sections, and the shape of
    bunko's HTML."""
    build_info = getattr(app.builder, "build_info", None)
    templates = getattr(app.builder, "templates", None)
    newest_template = templates.newest_template_mtime() if templates else 0
    return "|".join([getattr(build_info, "config_hash", ""), str(newest_template),
                     catalog.sidebar_fingerprint(), late_options_fingerprint(app),
                     str(FORMAT_VERSION)])


def output_path(app: Sphinx, pagename: str) -> str:
    """Where the builder writes ``pagename``, relative to the output folder (POSIX). Asked
    for every page of the site on every build, so cut from the builder's own answer as a
    string (pathlib took 2 of a 15 s no-change rebuild at 10,000 posts)."""
    paths = build_of(app).output_paths
    relative = paths.get(pagename)
    if relative is None:
        builder = app.builder
        if type(builder).get_output_path is StandaloneHTMLBuilder.get_output_path:
            # Sphinx's own rule for its html builder, without a Path made per page (1.5 s
            # of 20,000 pages asked for in a rebuild at 10,000 posts).
            relative = pagename + builder.out_suffix
        else:
            absolute = os.fspath(builder.get_outfilename(pagename))
            relative = absolute[len(os.fspath(app.outdir)):].lstrip(os.sep).replace(os.sep, "/")
        paths[pagename] = relative
    return relative


def remove_output_page(app: Sphinx, pagename: str) -> None:
    """Delete a page Sphinx wrote for a document that is gone, and its ``_sources`` copy."""
    outdir = Path(app.outdir)
    remove_file(outdir, output_path(app, pagename))
    for suffix in app.config.source_suffix:
        remove_file(outdir, f"_sources/{pagename}{suffix}.txt")


def generate_listings(app: Sphinx, catalog: Catalog) -> Iterator[Listing]:
    """Every listing of the site, in a stable order, each with its digest (``Listing``)."""
    entries = catalog.list_entry_key
    # The home page's listing is named by its first page, the home document itself.
    yield Listing(app.config.root_doc, digest("home", *map(entries, catalog.newest)),
                  partial(_older_home_pages, app, catalog))
    for taxonomy in catalog.taxonomies.values():
        if taxonomy.terms:
            yield Listing(taxonomy.index_pagename, None,
                          partial(_one, _taxonomy_index, app, catalog, taxonomy))
        for term in taxonomy.by_name():
            yield Listing(taxonomy.pagename(term.key),
                          digest(taxonomy.kind, term.key, term.label,
                                 *map(entries, term.docnames)),
                          partial(_term_pages, app, catalog, taxonomy, term))
    if catalog.newest:
        yield Listing(ARCHIVE_INDEX, None, partial(_one, _archive_index, app, catalog))
        shown = site_of(app).options.posts_per_page
        for year in sorted(catalog.archive.months_by_year):
            months = catalog.archive.months_by_year[year]
            yield Listing(year_pagename(year), digest("year", *(
                f"{month} {len(names)} {'/'.join(map(entries, names[:shown]))}"
                for month, names in sorted(months.items()))),
                partial(_one, _year_page, app, catalog, year))
            for month in sorted(months):
                yield Listing(month_pagename(year, month),
                              digest("month", *map(entries, months[month])),
                              partial(_month_pages, app, catalog, year, month))


def _one(make: Callable[..., GeneratedPage], *args: object) -> Iterator[GeneratedPage]:
    yield make(*args)


def _renderer(app: Sphinx, template: str, **context: object) -> Callable[[], str]:
    """The body of a page, rendered when (and only if) it is asked for. ``context`` values
    that cost something to make (the posts of a list) are passed as callables."""
    def render() -> str:
        values = {name: value() if callable(value) else value
                  for name, value in context.items()}
        return site_of(app).renderer.render(template, **values)
    return render


def _listing(app: Sphinx, catalog: Catalog, pages: list[ListingPage], title: str,
             count: int, chart: Markup | None = None, kind: str = "",
             feed: str | None = None) -> Iterator[GeneratedPage]:
    """The pages of one listing. What changes with every post it gains (the count, the
    chart) is on its first page only, and the pager names no total (``archive.pager_for``):
    a numbered page's content key holds only what it shows, so a new post leaves it as it
    was."""
    for page in pages:
        views = PageViews(app, catalog, page.pagename)
        first = page.number is None
        page_title = title if first else (
            f"{title} ({views.labels['page_n'].format(n=page.number)})")
        chart_shown = chart if first else None
        count_text = views.count(count) if first else None
        key = digest_of(kind, count_text, chart_shown, feed, page.number,
                        pager_for(pages, page),
                        [catalog.list_entry_key(name) for name in page.docnames])
        render = _renderer(app, "bunko/listing.html", labels=views.labels, title=page_title,
                           kind=kind, count_text=count_text, chart=chart_shown,
                           feed_url=views.file_url(feed) if feed else None,
                           posts=lambda views=views, page=page: [
                               views.post(name) for name in page.docnames],
                           pager=lambda views=views, page=page: views.pager(pages, page))
        newest = catalog.posts[page.docnames[0]].date if page.docnames else None
        drafts_only = bool(page.docnames) and all(catalog.posts[name].draft
                                                  for name in page.docnames)
        yield GeneratedPage(page.pagename, page_title, key, render, newest, feed, drafts_only)


def _older_home_pages(app: Sphinx, catalog: Catalog) -> Iterator[GeneratedPage]:
    pages = home_pages(app, catalog)
    if len(pages) < 2:
        return
    title = PageViews(app, catalog, pages[0].pagename).labels["recent_posts"]
    for generated in _listing(app, catalog, pages, title, len(catalog.newest)):
        if generated.pagename != pages[0].pagename:  # page 1 is the home document itself
            yield generated


def _term_title(views: PageViews, kind: str, label: str) -> str:
    config = views.app.config
    if kind == "tags" and "tags_page_title" in site_of(views.app).config_set_by_user:
        return f"{config.tags_page_title}: {label}"
    return views.labels[f"term_title_{kind}"].format(label=label)


def _term_pages(app: Sphinx, catalog: Catalog, taxonomy: Taxonomy,
                term: TermListing) -> Iterator[GeneratedPage]:
    first = taxonomy.pagename(term.key)
    views = PageViews(app, catalog, first)
    per_year: dict[int, int] = {}
    for name in term.docnames:
        year = catalog.posts[name].date.year
        per_year[year] = per_year.get(year, 0) + 1
    chart = year_bars(
        per_year,
        lambda year, n: views.labels["year_count"].format(
            label=format_year(year, views.language), n=n),
        views.labels["posts_per_year"])
    pages = paginate(first, term.docnames, site_of(app).options.posts_per_page)
    feed = term_feed_path(catalog, taxonomy.kind, term.key) if taxonomy.kind != "authors" \
        else None
    yield from _listing(app, catalog, pages, _term_title(views, taxonomy.kind, term.label),
                        term.count, chart, kind=taxonomy.kind, feed=feed)


def _taxonomy_index(app: Sphinx, catalog: Catalog, taxonomy: Taxonomy) -> GeneratedPage:
    views = PageViews(app, catalog, taxonomy.index_pagename)
    config = app.config
    title = (config.tags_overview_title
             if taxonomy.kind == "tags" and "tags_overview_title" in site_of(app).config_set_by_user
             else views.labels[taxonomy.kind])
    weight = cloud_weights(term.count for term in taxonomy.terms.values())

    def link(term: TermListing) -> dict[str, object]:
        return {"label": term.label, "url": views.url(taxonomy.pagename(term.key)),
                "count": term.count, "weight": weight(term.count)}

    groups: dict[str, list[dict[str, object]]] = {}
    for term in taxonomy.by_name():
        groups.setdefault(name_group(term.label, views.labels), []).append(link(term))
    render = _renderer(app, "bunko/term-index.html", labels=views.labels, title=title,
                       kind=taxonomy.kind, count_text=views.count(len(taxonomy.terms)),
                       groups=list(groups.items()))
    return GeneratedPage(taxonomy.index_pagename, title, digest_of(groups), render)


def _archive_index(app: Sphinx, catalog: Catalog) -> GeneratedPage:
    views = PageViews(app, catalog, ARCHIVE_INDEX)
    archive = catalog.archive
    language = views.language
    recent = recent_years(archive)
    heatmap = month_heatmap(
        {(year, month): count for (year, month), count in archive.counts_by_month().items()
         if year in recent},
        lambda year, month, n: views.labels["year_count"].format(
            label=format_month(year, month, language), n=n),
        lambda year, month: views.url(month_pagename(year, month)),
        views.labels["posts_per_month"], (views.labels["less"], views.labels["more"]),
        lambda low, high: _posts_range(views, low, high))
    years = [{
        "label": format_year(year, language),
        "url": views.url(year_pagename(year)),
        "count": archive.year_count(year),
        "months": [{"label": format_month(year, month, language),
                    "url": views.url(month_pagename(year, month)), "count": len(names)}
                   for month, names in sorted(archive.months_by_year[year].items(),
                                              reverse=True)] if year in recent else [],
    } for year in sorted(archive.months_by_year, reverse=True)]
    title = views.labels["archive"]
    render = _renderer(app, "bunko/archive-index.html", labels=views.labels, title=title,
                       count_text=views.count(len(catalog.newest)), chart=heatmap, years=years)
    return GeneratedPage(ARCHIVE_INDEX, title, digest_of(heatmap, years), render)


def _year_page(app: Sphinx, catalog: Catalog, year: int) -> GeneratedPage:
    pagename = year_pagename(year)
    views = PageViews(app, catalog, pagename)
    shown = site_of(app).options.posts_per_page
    # A month shows one page's worth here; the rest is on its own page, so a year of 1,000
    # posts stays a page of ~120 links rather than 150 KB.
    months_shown = [(month, names, names[:shown]) for month, names
                    in sorted(catalog.archive.months_by_year[year].items(), reverse=True)]

    def months() -> list[dict[str, object]]:
        return [{
            "label": format_month(year, month, views.language),
            "url": views.url(month_pagename(year, month)),
            "count_text": views.count(len(names)),
            "posts": [views.post(name) for name in listed],
            "more_text": (views.labels["more_posts"].format(n=len(names) - len(listed))
                          if len(names) > len(listed) else None),
        } for month, names, listed in months_shown]

    title = format_year(year, views.language)
    chart = month_bars(
        {month: len(names) for month, names, _listed in months_shown},
        lambda month, n: views.labels["year_count"].format(
            label=format_month(year, month, views.language), n=n),
        lambda month: views.url(month_pagename(year, month)),
        views.labels["posts_per_month"])
    key = digest_of(chart, [(month, len(names), [catalog.list_entry_key(name) for name in listed])
                            for month, names, listed in months_shown])
    render = _renderer(app, "bunko/archive-year.html", labels=views.labels, title=title,
                       count_text=views.count(catalog.archive.year_count(year)), chart=chart,
                       months=months, archive_url=views.url(ARCHIVE_INDEX))
    return GeneratedPage(pagename, title, key, render)


def _posts_range(views: PageViews, low: int, high: int) -> str:
    """"3件", "1〜2件": the posts a shade of the heatmap stands for."""
    if low == high:
        return views.labels["posts_count"].format(n=low)
    return views.labels["posts_range"].format(low=low, high=high)


def _month_pages(app: Sphinx, catalog: Catalog, year: int,
                 month: int) -> Iterator[GeneratedPage]:
    names = catalog.archive.months_by_year[year][month]
    pages = paginate(month_pagename(year, month), names, site_of(app).options.posts_per_page)
    title = format_month(year, month, app.config.language or "en")
    yield from _listing(app, catalog, pages, title, len(names), kind="archive")
