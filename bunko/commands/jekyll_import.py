"""A Jekyll site's own files: what ``bunko import`` copies besides the posts, and what it leaves.

Jekyll builds a site from ``_config.yml``, ``_data/``, ``_includes/``, the posts, pages (files
whose first line is ``---``: rendered through Liquid and a layout) and static files (all
else it publishes, served as they are). bunko makes its own pages, so the old site's pages
are counted and left out; the rest is copied into ``bunko_jekyll_dir`` at the same paths,
where the build reads the config, data and includes (``jekyll_site.py``) and serves the
static files at their old URLs.

Which files the old site published follows Jekyll's own rule (``Jekyll::EntryFilter``):
nothing whose name starts with ``_``, ``.``, ``#`` or ``~`` or ends with ``~``, unless
``include:`` names it; nothing ``exclude:`` names (a glob or a path prefix) nor Jekyll's
default excludes (``Gemfile``, ``node_modules``, ``vendor/bundle/``, ...). The files of the
toolchain that built the site (``*.gemspec``, ``Rakefile``) were never meant to be served and
stay behind. A file a post refers to is copied whatever those rules say, as long as the site
has it and it is not a page or a file Jekyll hides (``_`` or ``.``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Any

from ..jekyll_site import CNAME_FILE, CONFIG_FILE, DATA_FOLDER, INCLUDES_FOLDER, JekyllSite
from .import_files import SiteFolder, UnreadableSource, inside, real_path, unreadable, walk_source
from .post_references import Reference

#: Jekyll's default ``exclude:`` (jekyll/jekyll lib/jekyll/configuration.rb), always added.
DEFAULT_EXCLUDES = (".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock",
                    "node_modules", "vendor/bundle/", "vendor/cache/", "vendor/gems/",
                    "vendor/ruby/")
#: Jekyll's default ``include:``.
DEFAULT_INCLUDES = (".htaccess",)
#: Files at the site's root that build or host it rather than being served.
TOOLCHAIN = ("*.gemspec", "Gemfile*", "gems.rb", "gems.locked", "Rakefile", "Guardfile",
             "config.ru", "CNAME")
#: A referenced path with one of these endings (or none) is a page's URL, not a file's.
PAGE_SUFFIXES = ("", ".html", ".htm", ".xml")
_SPECIAL = (".", "_", "#", "~")


@dataclass(frozen=True)
class JekyllFile:
    #: Path in the Jekyll site, and in ``bunko_jekyll_dir``: ``assets/images/x.png``.
    relative: str
    #: ``config``, ``data``, ``include`` or ``static``.
    kind: str


@dataclass
class JekyllPlan:
    files: list[JekyllFile] = field(default_factory=list)
    #: Pages of the old site (and documents of its collections), not imported.
    pages: list[str] = field(default_factory=list)
    #: References of posts to files the site does not have.
    missing: list[Reference] = field(default_factory=list)
    #: (path, what is wrong): links not followed, files that cannot be read.
    problems: list[tuple[Path, str]] = field(default_factory=list)


@dataclass
class JekyllOutcome:
    copied: list[JekyllFile] = field(default_factory=list)
    copied_bytes: int = 0
    unchanged: list[JekyllFile] = field(default_factory=list)
    #: Files not copied: (source, reason), clashes and unreadable files alike.
    refused: list[tuple[Path, str]] = field(default_factory=list)


class PublishingRule:
    """Which entries the old site published, as ``Jekyll::EntryFilter`` decides."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.exclude = [*_patterns(config.get("exclude")), *DEFAULT_EXCLUDES]
        self.include = [*_patterns(config.get("include")), *DEFAULT_INCLUDES]

    def publishes(self, relative: str, *, folder: bool) -> bool:
        name = relative.rsplit("/", 1)[-1]
        included = _matches(self.include, relative, folder) or name in self.include
        if _matches(self.exclude, relative, folder) and not included:
            return False
        if included:
            return True
        if not folder and "/" not in relative and any(fnmatchcase(name, pattern)
                                                      for pattern in TOOLCHAIN):
            return False
        return not (name.startswith(_SPECIAL) or name.endswith("~"))

    def hides(self, relative: str) -> bool:
        """Whether a folder on the way or the file itself has a name Jekyll never serves
        (``_layouts/``, ``.git/``) and ``include:`` does not name."""
        parts = relative.split("/")
        for end in range(1, len(parts) + 1):
            path, name = "/".join(parts[:end]), parts[end - 1]
            if ((name.startswith(_SPECIAL) or name.endswith("~")) and name not in self.include
                    and not _matches(self.include, path, end < len(parts))):
                return True
        return False


def _patterns(value: object) -> list[str]:
    values = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    return [str(item).lstrip("/") for item in values if str(item).strip("/")]


def _matches(patterns: list[str], relative: str, folder: bool) -> bool:
    """Jekyll's ``glob_include?``: a glob over the whole path (``*`` crosses "/"), a path
    prefix, or a folder written with its trailing "/"."""
    return any(fnmatchcase(relative, pattern) or relative.startswith(pattern)
               or (folder and pattern == f"{relative}/") for pattern in patterns)


def plan_jekyll_files(root: Path, site: JekyllSite, references: list[Reference]) -> JekyllPlan:
    """What of the Jekyll site in ``root`` to copy (``site`` is its config, as read), the
    pages left out, and the referenced files it does not have."""
    plan = JekyllPlan()
    rule = PublishingRule(site.config)
    collections = _output_collections(site.config)

    def enter(relative: str) -> bool:
        top = relative.split("/", 1)[0]
        if top in (DATA_FOLDER, INCLUDES_FOLDER) or _in_any(relative, collections):
            return not relative.rsplit("/", 1)[-1].startswith(".")
        return rule.publishes(relative, folder=True)

    walk = walk_source(root, enter=enter)
    plan.problems += walk.problems
    static: set[str] = set()
    for relative in walk.files:
        top = relative.split("/", 1)[0]
        if relative in (CONFIG_FILE, CNAME_FILE):
            plan.files.append(JekyllFile(relative, "config"))
        elif top in (DATA_FOLDER, INCLUDES_FOLDER):
            if not any(part.startswith(".") for part in relative.split("/")):
                kind = "data" if top == DATA_FOLDER else "include"
                plan.files.append(JekyllFile(relative, kind))
        elif _in_any(relative, collections):
            if _is_page(root / relative, plan.problems):
                plan.pages.append(relative)
        elif rule.publishes(relative, folder=False):
            page = _is_page(root / relative, plan.problems)
            if page:
                plan.pages.append(relative)
            elif page is not None:
                plan.files.append(JekyllFile(relative, "static"))
                static.add(relative)
    _add_referenced(root, rule, references, static, plan)
    return plan


def _output_collections(config: dict[str, Any]) -> list[str]:
    """Folders of the collections Jekyll renders pages of (``output: true``):
    ``_authors`` for ``collections: {authors: {output: true}}``."""
    collections = config.get("collections")
    base = str(config.get("collections_dir") or "").strip("/")
    if not isinstance(collections, dict):
        return []
    return [f"{base}/_{name}".lstrip("/") for name, settings in collections.items()
            if isinstance(settings, dict) and settings.get("output") is True
            and name not in ("posts", "drafts")]


def _in_any(relative: str, folders: list[str]) -> bool:
    return any(relative == folder or relative.startswith(f"{folder}/") for folder in folders)


def _is_page(file: Path, problems: list[tuple[Path, str]]) -> bool | None:
    """Whether Jekyll renders ``file``: its first line is ``---`` (Jekyll's own test);
    ``None``, with a problem, when it cannot be read."""
    try:
        with file.open("rb") as handle:
            first = handle.readline(64)
    except OSError as err:
        problems.append((file, unreadable(err)))
        return None
    return first.rstrip(b" \t\r\n") == b"---" and first.endswith(b"\n")


def _add_referenced(root: Path, rule: PublishingRule, references: list[Reference],
                    static: set[str], plan: JekyllPlan) -> None:
    """Copy what posts refer to although the rules left it out; name what is not there."""
    real_root = root.resolve()
    seen = set(plan.pages)
    for reference in references:
        path = reference.path
        if path in static or path in seen:
            continue
        file = root / path
        real = real_path(file) if path and not path.endswith("/") else None
        if real and not rule.hides(path) and inside(real, real_root) and real.is_file():
            if _is_page(file, plan.problems) is False:
                plan.files.append(JekyllFile(path, "static"))
                static.add(path)
            seen.add(path)
        elif not _page_url(path):
            plan.missing.append(reference)


def _page_url(path: str) -> bool:
    """Whether a path the site lacks names a page (the home page, a folder, ``x.html``, a
    post's ``/2016/01/01/slug``) rather than a file."""
    return not path or path.endswith("/") or PurePosixPath(path).suffix.lower() in PAGE_SUFFIXES


def copy_jekyll_files(root: Path, files: list[JekyllFile], folder: SiteFolder,
                      step: Callable[[], None]) -> JekyllOutcome:
    """Copy the planned files into ``folder``, calling ``step`` after each; raises
    ``OSError`` when the folder cannot be written."""
    outcome = JekyllOutcome()
    for file in files:
        source = root / file.relative
        try:
            placed = folder.place(source, file.relative)
        except UnreadableSource as err:
            outcome.refused.append((source, str(err)))
        else:
            if placed.state == "copied":
                outcome.copied.append(file)
                outcome.copied_bytes += placed.target.stat().st_size
            elif placed.state == "unchanged":
                outcome.unchanged.append(file)
            else:
                outcome.refused.append((source, placed.reason))
        step()
    return outcome
