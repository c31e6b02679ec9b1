"""The site a command runs in: its folder and the ``bunko_*`` options a command needs.

Commands must not run ``conf.py`` (it may import anything), so they read only the options
written there as plain literals (``bunko_posts_dir = "articles"``), with ``ast``; an option
computed at run time keeps its default. The values are checked by the same ``Options`` the
build uses, so a command refuses exactly what the build refuses. ``language`` is read alike.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

from sphinx.errors import ConfigError

from ..dates import resolve_timezone
from ..jekyll_site import JekyllSite, read_jekyll_site
from ..options import Options


class SiteError(Exception):
    """A site that commands cannot work with; the message is one line for the user."""


@dataclass(frozen=True)
class SiteSettings:
    #: The site's folder (where ``conf.py`` is, Sphinx's source folder).
    root: Path
    options: Options
    zone: tzinfo
    #: Whether ``root`` holds a ``conf.py`` (a bunko site) or the defaults are assumed.
    has_conf: bool
    #: The imported Jekyll site's config and data, as the build reads them.
    jekyll: JekyllSite = JekyllSite()
    #: conf.py's ``language`` (Sphinx's default "en" when it sets none); the Jekyll
    #: folder's ``_config.yml`` ``lang:`` overrides it in the build.
    conf_language: str = "en"

    @property
    def posts_folder(self) -> Path:
        return self.root / self.options.posts_dir.strip("/")


def read_site(root: Path) -> SiteSettings:
    """The settings of the site in ``root``; the defaults when there is no ``conf.py``."""
    conf = root / "conf.py"
    literals = _literal_options(conf) if conf.is_file() else {}
    try:
        options = Options.from_values(literals)
    except ConfigError as err:
        raise SiteError(f"{conf}: {err}") from None
    jekyll = read_jekyll_site(root, options.jekyll_dir.strip("/"))
    zone = resolve_timezone(jekyll.timezone or options.timezone)
    language = _literals(conf).get("language") if conf.is_file() else None
    return SiteSettings(root=root, options=options, zone=zone, has_conf=conf.is_file(),
                        jekyll=jekyll,
                        conf_language=language if isinstance(language, str) and language
                        else "en")


def _literal_options(conf: Path) -> dict[str, Any]:
    """``bunko_*`` names assigned a literal at the top level of ``conf``, without ``bunko_``."""
    return {name.removeprefix("bunko_"): value for name, value in _literals(conf).items()
            if name.startswith("bunko_")}


def _literals(conf: Path) -> dict[str, Any]:
    """Names assigned a literal at the top level of ``conf``."""
    try:
        tree = ast.parse(conf.read_bytes(), filename=str(conf))
    except (SyntaxError, ValueError, OSError) as err:
        raise SiteError(f"{conf} cannot be read as Python ({err})") from None
    values: dict[str, Any] = {}
    for statement in tree.body:
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name)):
            continue
        name = statement.targets[0].id
        try:
            values[name] = ast.literal_eval(statement.value)
        except ValueError:
            values.pop(name, None)  # computed: the default stands
    return values
