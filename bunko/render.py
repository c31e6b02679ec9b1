"""HTML fragments bunko adds to pages (post header, post lists), from Jinja templates.

Sphinx's own template environment does not autoescape, so one forgotten ``|e`` would let a
front-matter ``<script>`` through. bunko's fragments use a separate environment with
autoescaping on, searching the site's ``templates_path`` first, so a site overrides
``bunko/post-header.html`` by putting its own in ``_templates/bunko/``.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


class FragmentRenderer:
    def __init__(self, site_template_dirs: list[Path]) -> None:
        self._env = Environment(
            loader=FileSystemLoader([*site_template_dirs, PACKAGE_TEMPLATES]),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def render(self, name: str, **context: object) -> str:
        return self._env.get_template(name).render(**context)
