"""bunko (文庫): a folder of Jekyll-style blog posts as a browsable, searchable Sphinx site.

The life of the extension is the ``setup()`` at the bottom: read the options and the posts
folder at start-up, turn each file into a ``Post`` while Sphinx reads it, keep the posts in the
environment, and fill the pages in when they are written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.logging import getLogger

from .collection import merge_posts, posts_by_docname, purge_post
from .dates import resolve_timezone
from .options import Options
from .pages import PostList, PostListDirective, add_page_context, fill_placeholders
from .reader import PostHeader, is_post, read_doctree, read_source
from .render import FragmentRenderer
from .search.collect import merge_search_texts, purge_search_text, read_search_text
from .search.index import write_index
from .search.language import SearchJapanese
from .site import Site, site_of
from .sources import exclude_pattern, scan_post_folder

__version__ = "0.1.0"

logger = getLogger("bunko")
_PACKAGE = Path(__file__).parent


def _configure(app: Sphinx, config: Config) -> None:
    """``config-inited``: check the options, scan the posts folder, set the defaults a blog
    archive needs. Runs before the environment compares configurations, so what is set here is
    part of the configuration and the same on every build of the same folder."""
    options = Options.from_config(config)
    posts_dir = options.posts_dir.strip("/")
    folder = scan_post_folder(Path(app.srcdir), posts_dir, show_drafts=options.show_drafts)

    if ".markdown" not in config.source_suffix:
        config.source_suffix[".markdown"] = "markdown"
    if list(config.include_patterns) == ["**"]:
        # Only the home page and the posts: README.md, tests/ and .venv/ are not pages.
        config.include_patterns = [f"{config.root_doc}.md", f"{config.root_doc}.rst",
                                   f"{posts_dir}/**"]
    config.exclude_patterns = [
        *config.exclude_patterns,
        *(exclude_pattern(path) for path in folder.excluded_paths),
    ]
    # Heading levels are the writer's choice; a post going from ## to #### is not an error.
    config.suppress_warnings = [*config.suppress_warnings, "myst.header"]
    config.templates_path = [*config.templates_path, str(_PACKAGE / "templates")]
    config.html_static_path = [*config.html_static_path, str(_PACKAGE / "static")]

    site_template_dirs = [Path(app.confdir) / path for path in config.templates_path]
    app.bunko_site = Site(  # type: ignore[attr-defined]
        options=options,
        zone=resolve_timezone(options.timezone),
        folder=folder,
        post_link_targets=folder.post_link_targets(),
        renderer=FragmentRenderer(site_template_dirs),
        home_target=(f"/{config.root_doc}.md"
                     if (Path(app.srcdir) / f"{config.root_doc}.md").is_file() else None),
    )


def _note_changed_posts(app: Sphinx, env: BuildEnvironment, added: set[str],
                        changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: remember whether any post came, went or changed, because the
    home page lists posts and must then be written again."""
    env.bunko_posts_changed = any(is_post(app, name) for name in added | changed | removed)
    return []


def _pages_listing_posts(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages to write again although their source did not change."""
    if getattr(env, "bunko_posts_changed", False):
        return [app.config.root_doc]
    return []


def _report_problems(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: every problem of every post, on every build.

    Reported here rather than when a file is read, so an incremental or ``-W`` build after a
    plain one still names every bad post, in path order, read in parallel or not.
    """
    srcdir = Path(app.srcdir)
    site = site_of(app)
    folder = site.folder
    for path, problem in folder.problems:
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
    Options.register(app)
    _add_rouge_language_aliases(app)
    app.add_node(PostHeader)
    app.add_node(PostList)
    app.add_directive("bunko-posts", PostListDirective)
    app.add_css_file("bunko.css")
    app.add_search_language(SearchJapanese)

    app.connect("config-inited", _configure)
    app.connect("env-get-outdated", _note_changed_posts)
    app.connect("env-get-updated", _pages_listing_posts)
    app.connect("source-read", read_source)
    app.connect("doctree-read", read_doctree, priority=900)
    app.connect("doctree-read", read_search_text)
    app.connect("env-purge-doc", purge_post)
    app.connect("env-purge-doc", purge_search_text)
    app.connect("env-merge-info", merge_posts)
    app.connect("env-merge-info", merge_search_texts)
    app.connect("build-finished", write_index)
    app.connect("env-updated", _report_problems)
    app.connect("doctree-resolved", fill_placeholders)
    app.connect("html-page-context", add_page_context)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 2}
