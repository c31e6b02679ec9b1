"""An imported Jekyll site's settings and data: what ``site.*`` means in its posts.

``bunko import`` copies a Jekyll site's ``_config.yml``, ``_data/``, ``_includes/`` and static
files into one folder of the bunko site (``bunko_jekyll_dir``, ``jekyll/`` by default), as
they were. This module reads that folder once per build, at ``config-inited``, so that the
Liquid of every post sees the same ``site``: its config keys, ``site.data``, its includes,
and so that old URLs (``permalink``), static files and the site's address are known to
every other module. A site that was never imported has an empty folder: every answer is
then the default Jekyll gives.

Files that cannot be read are problems, not errors: one warning each, and the rest of the
site still builds, as with posts.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .dates import resolve_timezone
from .output import digest
from .post import Problem, expanded_size_within

#: The folder ``bunko import`` copies a Jekyll site's own files into, relative to conf.py.
DEFAULT_FOLDER = "jekyll"
CONFIG_FILE = "_config.yml"
#: GitHub Pages' custom domain file: the site's address when ``_config.yml`` names no ``url``
#: (GitHub Pages sets ``site.url`` from it). Configuration, never served.
CNAME_FILE = "CNAME"
DATA_FOLDER = "_data"
INCLUDES_FOLDER = "_includes"
DATA_SUFFIXES = (".yml", ".yaml", ".json", ".csv", ".tsv")

#: Jekyll's named permalink styles, as patterns (jekyllrb.com/docs/permalinks/#built-in-formats).
PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
#: Jekyll's own default when ``_config.yml`` names none.
DEFAULT_PERMALINK = PERMALINK_STYLES["date"]
#: Jekyll's default ``excerpt_separator``: the first paragraph is the excerpt.
DEFAULT_EXCERPT_SEPARATOR = "\n\n"
#: Larger data or config files than this are refused: they would be copied into every
#: parallel reader and every post's Liquid context.
MAX_DATA_BYTES = 20_000_000
MAX_DATA_VALUES = 2_000_000


@dataclass(frozen=True)
class JekyllSite:
    """The settings and data of the Jekyll site this bunko site was imported from."""

    #: The folder (absolute), or ``None`` when the site has none.
    folder: Path | None = None
    #: ``_config.yml`` as written (``site.title``, ``site.KEY``).
    config: dict[str, Any] = field(default_factory=dict)
    #: ``_data/`` by file stem, sub-folders nested (``_data/books/a.yml`` → ``books.a``).
    data: dict[str, Any] = field(default_factory=dict)
    #: The custom domain of ``CNAME`` (``vim-jp.org``), or "".
    cname: str = ""
    #: Whether the folder has a ``_config.yml``: a Jekyll site was imported, not only files.
    has_config: bool = False
    #: Files that could not be read: (path relative to the source folder, problem).
    problems: tuple[tuple[str, Problem], ...] = ()
    #: A digest of everything above and of the includes: when it changes, every post's
    #: Liquid may render differently, so every post is read again.
    fingerprint: str = ""

    @property
    def includes(self) -> Path | None:
        """``_includes/``, where ``{% include NAME %}`` finds NAME."""
        if self.folder is None or not (self.folder / INCLUDES_FOLDER).is_dir():
            return None
        return self.folder / INCLUDES_FOLDER

    def _text(self, key: str) -> str:
        value = self.config.get(key)
        return str(value).strip() if isinstance(value, (str, int, float)) else ""

    @property
    def url(self) -> str:
        """The site's scheme and host (``https://18f.gsa.gov``), no trailing slash: ``url:``,
        else the host of ``CNAME`` as GitHub Pages served it."""
        written = self._text("url").rstrip("/")
        return written or (f"https://{self.cname}" if self.cname else "")

    @property
    def baseurl(self) -> str:
        """The site's path below its host (``/blog``), or "" at the root."""
        path = self._text("baseurl").strip("/")
        return f"/{path}" if path else ""

    @property
    def address(self) -> str:
        """Where the old site was published (``url`` + ``baseurl`` + "/"), or "" if unknown."""
        return f"{self.url}{self.baseurl}/" if self.url else ""

    @property
    def permalink(self) -> str:
        """The pattern of the site's post URLs, named styles written out."""
        written = self._text("permalink") or "date"
        return PERMALINK_STYLES.get(written, written)

    @property
    def title(self) -> str:
        return self._text("title")

    @property
    def description(self) -> str:
        return self._text("description")

    @property
    def timezone(self) -> str:
        """The zone the old site's dates were read and its URLs dated in: ``timezone:``, else
        UTC, Jekyll's zone where it ran without one (GitHub Pages, CI); "" when no site was
        imported (no ``_config.yml``). An old URL stays the URL only in the old site's zone."""
        if not self.has_config:
            return ""
        return self._text("timezone") or "UTC"

    @property
    def language(self) -> str:
        """``lang`` (``ja_JP``, ``en-US``) as Sphinx names languages (``ja``, ``en``)."""
        return self._text("lang").replace("-", "_").split("_")[0].lower()

    @property
    def excerpt_separator(self) -> str:
        value = self.config.get("excerpt_separator")
        return value if isinstance(value, str) and value else DEFAULT_EXCERPT_SEPARATOR

    def defaults_for(self, path_in_site: str) -> dict[str, Any]:
        """Front matter ``defaults:`` of ``_config.yml`` that apply to a post, given its path
        as it was in the Jekyll site (``_posts/blog/x.md``); later scopes win, as in Jekyll."""
        values: dict[str, Any] = {}
        defaults = self.config.get("defaults")
        for entry in defaults if isinstance(defaults, list) else ():
            if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
                continue
            scope = entry.get("scope") if isinstance(entry.get("scope"), dict) else {}
            scope_path = str(scope.get("path") or "").strip("/")
            scope_type = str(scope.get("type") or "")
            if scope_type and scope_type != "posts":
                continue
            if scope_path and not (path_in_site == scope_path
                                   or path_in_site.startswith(f"{scope_path}/")):
                continue
            values.update(entry["values"])
        return values

    def serves(self, path: str) -> bool:
        """Whether ``path`` below the site root (``assets/x.png``) is one of
        ``static_files``; with no folder, nothing is."""
        parts = PurePosixPath(path).parts
        if self.folder is None or not parts or ".." in parts or path == CNAME_FILE:
            return False
        included = self._included()
        if not all(self._published(Path(*parts[:end]), included)
                   for end in range(1, len(parts) + 1)):
            return False
        return (self.folder / path).is_file()

    def static_files(self) -> Iterator[str]:
        """Every file of the folder that the old site served as it is, by its URL path below
        the site root (``assets/images/x.png``): whatever is not in a folder or file whose
        name starts with "_" or ".", unless ``include:`` names it (Jekyll's own rule for what
        it publishes: ``.well-known/``, ``.htaccess``)."""
        if self.folder is None:
            return
        included = self._included()
        for top, dirnames, filenames in os.walk(self.folder):
            relative = Path(top).relative_to(self.folder)
            dirnames[:] = sorted(name for name in dirnames
                                 if self._published(relative / name, included))
            for name in sorted(filenames):
                if self._published(relative / name, included) and (
                        relative.parts or name != CNAME_FILE):
                    yield (relative / name).as_posix()

    def _included(self) -> tuple[str, ...]:
        written = self.config.get("include")
        names = written if isinstance(written, list) else []
        return tuple(str(name).strip("/") for name in names if str(name).strip("/"))

    @staticmethod
    def _published(path: Path, included: tuple[str, ...]) -> bool:
        hidden = path.name.startswith(("_", "."))
        return not hidden or any(path.as_posix() == name or path.as_posix().startswith(
            f"{name}/") for name in included)


def read_jekyll_site(srcdir: Path, folder_name: str) -> JekyllSite:
    """Read ``srcdir/folder_name``; an absent folder is a site that was never imported."""
    folder = srcdir / folder_name
    if not folder.is_dir():
        return JekyllSite()
    problems: list[tuple[str, Problem]] = []
    hasher_parts: list[bytes] = []

    def shown(path: Path) -> str:
        return path.relative_to(srcdir).as_posix()

    config: dict[str, Any] = {}
    config_file = folder / CONFIG_FILE
    if config_file.is_file():
        loaded = _load(config_file, shown(config_file), problems, hasher_parts)
        if isinstance(loaded, dict):
            config = {str(key): value for key, value in loaded.items()}
        elif loaded is not None:
            problems.append((shown(config_file), Problem(
                f"is a {type(loaded).__name__}, expected 'key: value' lines; ignored", 1)))
        if "timezone" in config:
            try:
                resolve_timezone(str(config["timezone"]))
            except (ValueError, LookupError):
                problems.append((shown(config_file), Problem(
                    f"timezone {config.pop('timezone')!r} is not a time zone (an IANA name "
                    "such as Asia/Tokyo); using bunko_timezone")))
    data: dict[str, Any] = {}
    data_folder = folder / DATA_FOLDER
    if data_folder.is_dir():
        for file in sorted(data_folder.rglob("*")):
            if not file.is_file() or file.suffix.lower() not in DATA_SUFFIXES:
                continue
            if any(part.startswith(".") for part in file.relative_to(data_folder).parts):
                continue
            value = _load(file, shown(file), problems, hasher_parts)
            if value is None:
                continue
            *parents, stem = PurePosixPath(file.relative_to(data_folder).as_posix()).with_suffix(
                "").parts
            target = data
            for part in parents:
                target = target.setdefault(part, {})
                if not isinstance(target, dict):
                    break
            else:
                target[stem] = value
    cname = ""
    cname_file = folder / CNAME_FILE
    if cname_file.is_file():
        loaded = cname_file.read_bytes()
        hasher_parts += [CNAME_FILE.encode(), loaded]
        words = loaded.decode("utf-8", "replace").split()
        # One host name, as GitHub Pages reads it: nothing that could make a URL say more.
        if words and all(char.isalnum() or char in ".-" for char in words[0]):
            cname = words[0].lower()
    includes = folder / INCLUDES_FOLDER
    if includes.is_dir():
        for file in sorted(includes.rglob("*")):
            if file.is_file():
                hasher_parts.append(file.relative_to(folder).as_posix().encode())
                hasher_parts.append(file.read_bytes())
    return JekyllSite(folder=folder.resolve(), config=config, data=data, cname=cname,
                      has_config=config_file.is_file(),
                      problems=tuple(problems), fingerprint=digest(*hasher_parts))


def _load(file: Path, shown: str, problems: list[tuple[str, Problem]],
          hasher_parts: list[bytes]) -> Any:
    """A YAML, JSON, CSV or TSV file's value, or ``None`` with a problem."""
    try:
        raw = file.read_bytes()
    except OSError as err:
        problems.append((shown, Problem(f"cannot be read ({err.strerror}); ignored")))
        return None
    hasher_parts += [shown.encode(), raw]
    if len(raw) > MAX_DATA_BYTES:
        problems.append((shown, Problem(f"is {len(raw):,} bytes, more than the "
                                        f"{MAX_DATA_BYTES:,} a site's data may hold; ignored")))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.append((shown, Problem(f"is not UTF-8 text (byte 0x{raw[err.start]:02x} at "
                                        f"offset {err.start}); ignored")))
        return None
    suffix = file.suffix.lower()
    try:
        if suffix == ".json":
            value = json.loads(text)
        elif suffix in (".csv", ".tsv"):
            value = list(csv.DictReader(io.StringIO(text),
                                        delimiter="\t" if suffix == ".tsv" else ","))
        else:
            value = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problems.append((shown, Problem(f"is not valid YAML ({getattr(err, 'problem', err)}); "
                                        "ignored", mark.line + 1 if mark else None)))
        return None
    except (ValueError, csv.Error) as err:
        problems.append((shown, Problem(f"cannot be read ({err}); ignored")))
        return None
    if not expanded_size_within(value, MAX_DATA_VALUES):
        problems.append((shown, Problem("nests too deep, or its YAML aliases expand past "
                                        f"{MAX_DATA_VALUES:,} values; ignored")))
        return None
    return value
