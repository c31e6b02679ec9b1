"""bunko (文庫): a folder of Jekyll-style blog posts as a browsable, searchable Sphinx site.

The life of the extension is the ``setup()`` at the bottom: read the options and the posts
folder at start-up, turn each file into a ``Post`` while Sphinx reads it, keep the posts in the
environment, and fill the pages in when they are written.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util.logging import getLogger

from . import parallel
from .build_state import build_of, start_build
from .catalog import build_catalog
from .collection import (
    collection_state,
    merge_posts,
    note_read_documents,
    post_digests,
    post_lists_by_doc,
    posts_by_docname,
    purge_post,
)
from .collector import (
    freeze_for_writing,
    freeze_until_next_build,
    pause_collector,
    resume_collector,
)
from .compiled_templates import keep_compiled_templates
from .dates import resolve_timezone
from .doctree_cache import forget_doctree
from .exports import write_posts_json
from .feeds import post_bodies, write_feeds
from .interrupted import clear_writing_mark, mark_writing
from .jekyll_site import JekyllSite, read_jekyll_site
from .kramdown import apply_kramdown
from .labels import labels_for
from .listing_pages import (
    LISTING_BUILDERS,
    collect_listing_pages,
    output_path,
    remove_output_page,
    unchanged_inputs,
)
from .options import Options
from .output import FORMAT_VERSION
from .pages import (
    PostListDirective,
    TagsDirective,
    add_page_context,
    fill_placeholders,
    not_found_body,
)
from .phrases import break_headings
from .post_links import (
    FinishSiteLinks,
    merge_links,
    outdated_by_links,
    purge_links,
    redirect_meta,
    release_images,
    report_links,
    rewrite_links,
)
from .reader import (
    DirectiveTags,
    PostHeader,
    PostList,
    is_post,
    nest_sections,
    pictures_changed,
    read_doctree,
    read_source,
)
from .redirects import plan_redirects, settle_redirects, write_redirects
from .related import load_state as load_related_state
from .related import save_state as save_related_state
from .render import FragmentRenderer
from .saved_config import (
    late_options_fingerprint,
    note_compared_config,
    restore_config,
    save_compared_config,
)
from .search.collect import (
    delete_unnamed_texts,
    merge_search_texts,
    purge_search_text,
    read_search_text,
    reread_missing_texts,
    stored_search_texts,
)
from .search.index import drop_emptied_sphinx_terms, write_index, write_page_text
from .search.language import SearchJapanese
from .search.scripts import write_browser_scripts
from .search.ui import write_browser_config
from .sidebar import write_sidebar_data
from .site import Site, site_of
from .site_urls import build_site_urls
from .sitemap import write_sitemap
from .sources import SCAN_CACHE, exclude_pattern, scan_post_folder
from .static_files import copy_static_files, static_files_state
from .toc_store import keep_post_tocs_pickled
from .ui_language import load_theme_catalog, reload_sphinx_translations, translate_furo_templates

__version__ = "0.1.0"

logger = getLogger("bunko")
_PACKAGE = Path(__file__).parent


def _configure(app: Sphinx, config: Config) -> None:
    """``config-inited``: check the options, scan the posts folder, set the defaults a blog
    archive needs. Runs before the environment compares configurations, so what is set here is
    part of the configuration and the same on every build of the same folder."""
    options = Options.from_config(config)
    posts_dir = options.posts_dir.strip("/")
    jekyll_dir = options.jekyll_dir.strip("/")
    jekyll = read_jekyll_site(Path(app.srcdir), jekyll_dir)
    config.bunko_jekyll_fingerprint = jekyll.fingerprint
    zone = resolve_timezone(jekyll.timezone or options.timezone)
    folder = scan_post_folder(Path(app.srcdir), posts_dir, show_drafts=options.show_drafts,
                              zone=zone, cache=Path(app.doctreedir) / SCAN_CACHE)

    if ".markdown" not in config.source_suffix:
        config.source_suffix[".markdown"] = "markdown"
    if list(config.include_patterns) == ["**"]:
        # Only the home page and the posts: README.md, tests/ and .venv/ are not pages.
        config.include_patterns = [f"{config.root_doc}.md", f"{config.root_doc}.rst",
                                   f"{posts_dir}/**"]
    # Links Sphinx's file scan must never follow (out of the source folder, or into their own
    # folder: an endless walk) are excluded for every scan, the first one included, which
    # Sphinx makes before any event; they change only when the folder's links do.
    config.exclude_patterns = [*config.exclude_patterns, f"{exclude_pattern(jekyll_dir)}/**",
                               *(exclude_pattern(path) for path in folder.unwalkable_paths)]
    # kramdown's attribute lists ({: .class}) are said in MyST's attribute syntax (kramdown.py).
    config.myst_enable_extensions = sorted({*config.myst_enable_extensions,
                                            "attrs_block", "attrs_inline"})
    # Heading levels are the writer's choice; a post going from ## to #### is not an error.
    config.suppress_warnings = [*config.suppress_warnings, "myst.header"]
    config.templates_path = [*config.templates_path, str(_PACKAGE / "templates")]
    config.html_static_path = [*config.html_static_path, str(_PACKAGE / "static")]

    set_by_user = frozenset(config._raw_config) | frozenset(config._overrides)
    if _apply_jekyll_config(config, jekyll):
        reload_sphinx_translations(app)
    if "highlight_language" not in set_by_user:
        # A code block without a language is text: Pygments' guess colours prose as code.
        config.highlight_language = "text"
    if "html_favicon" not in set_by_user:
        # A page without an icon link makes browsers fetch /favicon.ico, a 404 on most hosts.
        config.html_favicon = str(_PACKAGE / "static" / "bunko-favicon.svg")
    if config.tags_create_tags:
        logger.warning("tags_create_tags = True would make sphinx-tags write pages into the "
                       "source folder; bunko makes the tag pages in the output instead, so it "
                       "is switched off", type="bunko", subtype="config")
        config.tags_create_tags = False
    site_template_dirs = [Path(app.confdir) / path for path in config.templates_path]
    home_source = f"{config.root_doc}.md"
    has_home_source = (Path(app.srcdir) / home_source).is_file()
    app.bunko_site = Site(  # type: ignore[attr-defined]
        options=options,
        zone=zone,
        folder=folder,
        jekyll=jekyll,
        urls=build_site_urls(post_paths=folder.post_paths,
                             posts_naming_urls=folder.posts_naming_urls, jekyll=jekyll,
                             zone=zone, home=config.root_doc,
                             home_source=home_source if has_home_source else None),
        post_link_targets=folder.post_link_targets(),
        renderer=FragmentRenderer(site_template_dirs),
        taxonomy_folders=_taxonomy_folders(config, set_by_user, posts_dir),
        config_set_by_user=set_by_user,
    )
    _configure_not_found_page(app, config, set_by_user)


def _apply_jekyll_config(config: Config, jekyll: JekyllSite) -> bool:
    """An imported site's ``_config.yml`` names its title and language: they are this site's,
    over conf.py's (edit them in the Jekyll folder's ``_config.yml``), except where the
    command line (``-D``) sets them. True when the language changed."""
    if jekyll.title and "html_title" not in config._overrides:
        config.html_title = jekyll.title
    if (jekyll.language and "language" not in config._overrides
            and jekyll.language != config.language):
        config.language = jekyll.language
        return True
    return False


def _configure_not_found_page(app: Sphinx, config: Config, set_by_user: frozenset[str]) -> None:
    """sphinx-notfound-page's 404 page is served at any depth, so its links are absolute: under
    ``html_baseurl``'s path when the site has one (GitHub Pages project sites: /repo/), else
    at "/" — except on Read the Docs, whose own default prefix it keeps."""
    if "notfound_urls_prefix" not in set_by_user and (
            config.html_baseurl or not os.environ.get("READTHEDOCS_CANONICAL_URL")):
        path = urlsplit(config.html_baseurl or "/").path or "/"
        config.notfound_urls_prefix = path if path.endswith("/") else path + "/"
    if "notfound_context" not in set_by_user:
        # The links to the site's sections are added when the page is written (pages.py).
        config.notfound_context = {"title": labels_for(config.language)["not_found"],
                                   "body": not_found_body(app, None)}


def _taxonomy_folders(config: Config, set_by_user: frozenset[str],
                      posts_dir: str) -> dict[str, str]:
    """Output folders of the tag, category and author pages. sphinx-tags' ``tags_output_dir``
    names the tag folder when conf.py sets it; its default ``_tags`` is not used because
    GitHub Pages' Jekyll hides folders starting with "_"."""
    tags = config.tags_output_dir if "tags_output_dir" in set_by_user else "tags"
    folders = {"categories": "categories", "tags": str(tags).strip("/"), "authors": "authors"}
    for kind, folder in folders.items():
        parts = folder.split("/")
        if not folder or ".." in parts or folder in ("archive", "page", "_static", "_sources",
                                                       posts_dir) or "\\" in folder:
            raise ConfigError(f"the {kind} pages cannot go into {folder!r}: choose a folder "
                              "inside the output that no other page uses")
    # A post's page and a generated page must never share a name (posts/index.md against
    # the archive's index.html when the posts are in archive/): the folders may not nest.
    for folder in ("archive", "page", *folders.values()):
        if _nested(folder, posts_dir):
            raise ConfigError(f"bunko_posts_dir {posts_dir!r} and the generated pages in "
                              f"{folder!r} would share a folder, and a post could overwrite a "
                              "listing page: choose folders that do not contain each other")
    return folders


def _write_listings_and_index(app: Sphinx) -> tuple[()]:
    """``html-collect-pages``: the listing pages, written by forked writers while the main
    process writes the search index (``listing_pages.write_pages``); every document is
    written by then, and each page's searchable text with it."""
    return collect_listing_pages(app, meanwhile=partial(write_index, app))


def _write_site_files(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: feeds, sitemap, redirects, posts.json, the sidebar's links and the
    imported site's static files beside the pages; then delete what earlier builds made and
    this one did not. Skipped after a failed build, so the manifest never records files
    that were not written."""
    site = site_of(app)
    build = build_of(app)
    manifest = build.output_manifest(app)
    if exception is not None or app.builder.name not in LISTING_BUILDERS or not build.catalog:
        return
    catalog = build.catalog

    def pages_of_documents() -> set[str]:
        return {output_path(app, name) for name in app.env.found_docs}

    # Made of the collection, the configuration and the static files alone: when none
    # changed since the last build made them, they are as it left them.
    inputs = unchanged_inputs(app, catalog, static_files_state(site.urls))
    if inputs and manifest.reuse(_SITE_FILES, inputs):
        manifest.finish(keep=pages_of_documents)
        return
    made_before = set(manifest.current)
    bodies = (post_bodies(app, set(catalog.newest))
              if site.options.feed_full_content else {})
    write_feeds(app, catalog, manifest, bodies)
    write_sitemap(app, catalog, {name: updated for name, updated in build.listing_pages.items()
                                 if name not in build.preview_pages}, manifest)
    write_posts_json(app, catalog, manifest)
    write_sidebar_data(app, catalog, manifest)
    planned, problems = plan_redirects(catalog, site.urls, site.options.jekyll_redirects)
    pages = {output_path(app, name): name for name in app.env.found_docs}
    served = {**pages, **{output_path(app, name): name for name in build.listing_pages}}
    # One registry of what the build writes: redirects, then static files, may take only a
    # path nobody else has (a feed, the sitemap, search's files, Sphinx's own pages).
    owners = {path: f"bunko's {path}" for path in manifest.current}
    redirects, refused = settle_redirects(planned, served, owners)
    write_redirects(app, catalog, redirects, manifest)
    for docname, message in [*problems, *refused]:
        logger.warning("%s", message, location=(docname, None), type="bunko",
                       subtype="redirect")
    owners.update({redirect.path: f"the redirect to {redirect.docname}"
                   for redirect in redirects})
    owners.update({path: f"the page {name}" for path, name in served.items()})
    jekyll_dir = Path(app.srcdir) / site.options.jekyll_dir.strip("/")
    refused_static = copy_static_files(site.urls, manifest, owners)
    for name, message in refused_static:
        # "file:" is Sphinx's own form for a file without a line number.
        logger.warning("%s", message, location=f"{jekyll_dir / name}:", type="bunko",
                       subtype="static")
    if inputs and not (problems or refused or refused_static):  # warned on every build
        manifest.record(_SITE_FILES, inputs, set(manifest.current) - made_before)
    manifest.finish(keep=lambda: set(pages))


#: The files ``_write_site_files`` makes, as one group of the output manifest.
_SITE_FILES = "site files"


def _skip_unreadable_posts(app: Sphinx, exception: Exception | None = None) -> None:
    """``builder-inited`` (and ``build-finished``, for the next build of the same
    application): keep drafts and files that are not UTF-8 from Sphinx's file scan, and
    the build's own folders when they are in the source folder (``make html``'s
    ``_build``): Sphinx walks every folder its exclusions leave, and at 10,000 posts the
    output and doctrees are five times the posts' files.

    Sphinx can only be told not to read a file through ``exclude_patterns``, which is part of
    the configuration it compares between builds: publishing one draft would make it read
    every post again. So the files are excluded only for the scan, after the comparison, and
    the patterns are taken away again before the environment (and its configuration) is
    saved (``_restore_exclude_patterns``)."""
    folder = site_of(app).folder
    unreadable = [path for path in folder.excluded_paths if path not in folder.unwalkable_paths]
    skipped = [*unreadable, *_build_folders(app)]
    if skipped:
        app.bunko_exclude_patterns = list(app.config.exclude_patterns)  # type: ignore[attr-defined]
        app.config.exclude_patterns = [
            *app.config.exclude_patterns, *(exclude_pattern(path) for path in skipped)]


def _build_folders(app: Sphinx) -> list[str]:
    """The output and doctrees folders inside the source folder, relative to it (POSIX)."""
    srcdir = Path(app.srcdir).resolve()
    inside = []
    for folder in (Path(app.outdir).resolve(), Path(app.doctreedir).resolve()):
        if srcdir in folder.parents:
            inside.append(folder.relative_to(srcdir).as_posix())
    return inside


def _restore_exclude_patterns(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: the file scan is over; the saved configuration is conf.py's."""
    saved = getattr(app, "bunko_exclude_patterns", None)
    if saved is not None:
        app.config.exclude_patterns = saved


def _nested(first: str, second: str) -> bool:
    return first == second or first.startswith(f"{second}/") or second.startswith(f"{first}/")


def _remove_deleted_posts(app: Sphinx, env: BuildEnvironment, added: set[str],
                          changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: delete the page of a post whose file is gone. Sphinx never
    deletes output, so a reader (or a search engine) could still land on a deleted post."""
    if app.builder.format == "html":
        for docname in sorted(removed):
            if is_post(app, docname):
                remove_output_page(app, docname)
    return []


def _index_posts(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: build the catalog (every index) once, after all posts are read and
    merged, and name the pages to write again although their source did not change.

    A post page shows its neighbours, related posts and term links; a page with a post list
    shows the newest posts; every page shows the sidebar's sections (not their links and
    counts, which every page loads from one file: ``sidebar.py``). Each of these is
    fingerprinted, and a page is rewritten exactly when its fingerprint changed, so an
    incremental build after a new post or a tag edit updates every affected page and no other.
    """
    site = site_of(app)
    catalog = build_catalog(posts_by_docname(env), site.taxonomy_folders, site.options.slug,
                            env.found_docs, getattr(env, "bunko_related", None),
                            {name: text.signature
                             for name, text in stored_search_texts(env).items()},
                            post_digests(env), parallel.processes(app),
                            lambda: load_related_state(Path(app.doctreedir)))
    env.bunko_related = (catalog.related_key, catalog.related)
    if catalog.related_state is not None:
        save_related_state(Path(app.doctreedir), catalog.related_state)
    build_of(app).catalog = catalog
    for kind, collision in catalog.collisions():
        if collision.document:
            logger.warning("%s %s: a document of the site is in the folder %r, so the term "
                           "pages get %r, ... instead", kind,
                           " / ".join(repr(label) for label in collision.labels),
                           collision.slug, f"{collision.slug}-2", type="bunko", subtype="slug",
                           location=f"{Path(app.srcdir, catalog.taxonomies[kind].folder)}"
                                    f"/{collision.slug}:")
            continue
        logger.warning("%s %s share the folder name %r; they get %r, %r, ... in turn",
                       kind, " / ".join(repr(label) for label in collision.labels),
                       collision.slug, collision.slug, f"{collision.slug}-2",
                       type="bunko", subtype="slug")
    previous = getattr(env, "bunko_page_fingerprints", {})
    state = collection_state(env)
    if state and getattr(env, "bunko_fingerprints_state", None) == state:
        # No document read or removed since they were made: the pages' are as they were.
        fingerprints = dict(previous)
    else:
        fingerprints = {name: catalog.post_page_fingerprint(name) for name in catalog.posts}
        fingerprints.update({
            name: catalog.listing_fingerprint(limit, site.options.posts_per_page)
            for name, limit in post_lists_by_doc(env).items()})
        home = app.config.root_doc
        if home in fingerprints:  # the home page's list has the category cards above it
            fingerprints[home] += catalog.home_cards_fingerprint(
                site.options.category_description)
    # What every page shows: the sidebar's sections, and furo's colours of the dark style.
    fingerprints[""] = catalog.sidebar_fingerprint() + late_options_fingerprint(app)
    env.bunko_page_fingerprints = fingerprints
    env.bunko_fingerprints_state = state
    if previous.get("") != fingerprints[""]:
        return sorted(env.found_docs)
    return sorted(name for name, value in fingerprints.items()
                  if name and previous.get(name) != value and name in env.found_docs)


def _report_problems(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: every problem of every post, on every build.

    Reported here rather than when a file is read, so an incremental or ``-W`` build after a
    plain one still names every bad post, in path order, read in parallel or not.
    """
    srcdir = Path(app.srcdir)
    site = site_of(app)
    folder = site.folder
    for path, problem in [*site.jekyll.problems, *folder.problems]:
        # "file:" is Sphinx's own form for a file without a line number.
        logger.warning("%s", problem.message, location=f"{srcdir / path}:{problem.line or ''}",
                       type="bunko", subtype="posts")
    if folder.draft_paths and not site.options.show_drafts:
        logger.info("bunko: %d draft(s) not built (published: false); "
                    "bunko_show_drafts = True builds them", len(folder.draft_paths))
    for docname, post in sorted(posts_by_docname(env).items()):
        for problem in post.problems:
            logger.warning("%s", problem.message, location=(docname, problem.line),
                           type="bunko", subtype="post")
    return []


#: Language names Jekyll's highlighter (Rouge) knows and Pygments does not, as Pygments names.
_ROUGE_LANGUAGE_ALIASES = {"vimscript": "vim", "viml": "vim", "shell_session": "console",
                           "plaintext": "text", "plain": "text"}


def _add_rouge_language_aliases(app: Sphinx) -> None:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    for rouge_name, pygments_name in _ROUGE_LANGUAGE_ALIASES.items():
        try:
            get_lexer_by_name(rouge_name)
        except ClassNotFound:
            app.add_lexer(rouge_name, type(get_lexer_by_name(pygments_name)))


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_tags")
    app.setup_extension("notfound.extension")
    app.setup_extension("sphinx_copybutton")
    Options.register(app)
    # Set at config-inited from the Jekyll folder's config, data and includes: when they
    # change, Sphinx sees a changed configuration and reads every post again.
    app.add_config_value("bunko_jekyll_fingerprint", "", "env", types=(str,))
    _add_rouge_language_aliases(app)
    app.add_node(PostHeader)
    app.add_node(PostList)
    app.add_node(DirectiveTags)
    app.add_directive("bunko-posts", PostListDirective)
    app.add_directive("tags", TagsDirective, override=True)
    app.add_css_file("bunko.css")
    app.add_js_file("bunko-copybutton.js", priority=600)  # after sphinx-copybutton's (500)
    app.add_css_file("bunko-search.css")
    app.add_js_file("bunko-search-loader.js")
    app.add_js_file("bunko-sidebar.js")
    app.add_search_language(SearchJapanese)
    parallel.install()

    app.add_post_transform(FinishSiteLinks)

    app.connect("config-inited", _configure)
    app.connect("config-inited", start_build)
    app.connect("config-inited", load_theme_catalog, priority=800)
    app.connect("config-inited", note_compared_config, priority=999)
    app.connect("config-inited", pause_collector, priority=999)  # the environment loads next
    app.connect("builder-inited", resume_collector, priority=0)
    app.connect("builder-inited", _skip_unreadable_posts)
    app.connect("builder-inited", write_browser_scripts)
    app.connect("builder-inited", translate_furo_templates)
    app.connect("builder-inited", keep_compiled_templates)  # after the line above
    app.connect("builder-inited", write_browser_config)
    app.connect("env-before-read-docs", _restore_exclude_patterns)
    app.connect("env-get-outdated", _remove_deleted_posts)
    app.connect("env-get-outdated", pictures_changed)
    app.connect("env-get-outdated", outdated_by_links)
    app.connect("env-get-outdated", reread_missing_texts)
    app.connect("env-before-read-docs", note_read_documents)
    app.connect("env-before-read-docs", parallel.start_reading)
    app.connect("env-before-read-docs", keep_post_tocs_pickled)
    app.connect("source-read", read_source)
    # Before Sphinx collects titles and contents (500), so they see the kramdown attributes;
    # links and images before Sphinx's image collector (500), which would look for a static
    # file of the imported site in the source folder.
    app.connect("doctree-read", apply_kramdown, priority=400)
    app.connect("doctree-read", nest_sections, priority=400)  # before Sphinx's TOC (500)
    app.connect("doctree-read", rewrite_links, priority=400)
    app.connect("doctree-read", release_images, priority=600)
    app.connect("doctree-read", read_doctree, priority=900)
    app.connect("doctree-read", read_search_text, priority=950)
    app.connect("env-purge-doc", purge_post)
    app.connect("env-purge-doc", purge_search_text)
    app.connect("env-purge-doc", purge_links)
    app.connect("env-merge-info", merge_posts)
    app.connect("env-merge-info", merge_search_texts)
    app.connect("env-merge-info", merge_links)
    # In this order: reading is over, every post's problems are said, the catalog is built
    # (and the pages to rewrite named), and only then is writing marked as begun.
    app.connect("env-updated", parallel.stop_reading, priority=400)
    app.connect("env-updated", _report_problems, priority=450)
    app.connect("env-updated", report_links, priority=460)
    app.connect("env-updated", _index_posts, priority=500)
    app.connect("env-updated", mark_writing, priority=600)
    app.connect("env-updated", freeze_for_writing, priority=900)
    # The environment is saved after env-updated, with the configuration as Sphinx compared
    # it (saved_config.py); writing gets the build's own back.
    app.connect("env-updated", save_compared_config, priority=990)
    app.connect("write-started", restore_config)
    app.connect("doctree-resolved", fill_placeholders)
    app.connect("doctree-resolved", write_page_text)
    app.connect("doctree-resolved", break_headings, priority=900)  # after the text is taken
    app.connect("doctree-resolved", forget_doctree, priority=990)
    app.connect("html-page-context", add_page_context)
    app.connect("html-page-context", redirect_meta)
    app.connect("html-collect-pages", _write_listings_and_index)
    app.connect("html-collect-pages", drop_emptied_sphinx_terms)
    # In this order: files written through the manifest, then the manifest closed (what was
    # not written this time is deleted), then the build marked complete, then the next
    # build of this application prepared.
    app.connect("build-finished", delete_unnamed_texts, priority=450)
    app.connect("build-finished", _write_site_files, priority=500)
    app.connect("build-finished", clear_writing_mark, priority=800)
    app.connect("build-finished", _skip_unreadable_posts, priority=900)
    app.connect("build-finished", start_build, priority=950)
    app.connect("build-finished", freeze_until_next_build, priority=999)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": FORMAT_VERSION}
