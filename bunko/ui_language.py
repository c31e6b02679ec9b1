"""furo's and Sphinx's words on a page in the site's language: skip link, back to top,
"On this page", the theme toggle, the footer, "Link to this heading".

furo ships no translations: its templates translate through Sphinx's ``sphinx`` catalog (the
one ``jinja2glue`` installs), and Sphinx's own Japanese catalog lacks furo's words and some of
its own. bunko ships ``locale/<language>/LC_MESSAGES/sphinx.po`` with them, compiled in memory
when the build starts and added behind Sphinx's catalog, so Sphinx's translations still win
where it has them. Compiled in memory rather than to a ``.mo`` file: nothing generated is
committed or written (not into the package, not into the build), and a ``.po`` of a few dozen
messages compiles in about a millisecond.

furo also writes a few words as plain text into its templates (``aria-label`` of the theme
toggle and sidebar toggles, the footer's "@pradyunsg's"); ``FuroWords`` wraps them in ``_()``
as the templates are loaded, so the same catalog translates them.
"""

from __future__ import annotations

import gettext
import io
import re
from functools import cache
from pathlib import Path

from jinja2.ext import Extension
from sphinx import locale
from sphinx.application import Sphinx
from sphinx.config import Config

from .labels import base_language
from .output import digest

_LOCALE = Path(__file__).parent / "locale"

#: A literal English label furo writes into an attribute.
_LITERAL_LABEL = re.compile(r'\b(aria-label|alt)="([A-Za-z][^"{}%<>]*)"')
#: furo's footer credit, four pieces ("Made with ", "Sphinx and ", a plain "@pradyunsg's",
#: "Furo") that no translation can reorder; replaced by whole sentences.
_FURO_CREDIT = re.compile(
    r"\{%-?\s*trans\s*-?%\}\s*Made with .*?pradyunsg/furo\">Furo</a>\s*\{%-?\s*endtrans\s*-?%\}",
    re.DOTALL)
_CREDIT_SENTENCES = (
    '{% if show_sphinx %}{% trans %}Made with <a href="https://www.sphinx-doc.org/">Sphinx</a>'
    ' and <a class="muted-link" href="https://pradyunsg.me">@pradyunsg</a>\'s'
    ' <a href="https://github.com/pradyunsg/furo">Furo</a>{% endtrans %}'
    '{% else %}{% trans %}Made with <a href="https://github.com/pradyunsg/furo">Furo</a>'
    '{% endtrans %}{% endif %}')


def load_theme_catalog(app: Sphinx, config: Config) -> None:
    """``config-inited``: bunko's words for the site's language behind Sphinx's own."""
    compiled = _compiled_catalog(base_language(config.language))
    if compiled is None:
        return
    translator = app.translator
    link: gettext.NullTranslations | None = translator
    while link is not None:  # a second build in one process (bunko serve, tests) reuses it
        if getattr(link, "bunko_catalog", False):
            return
        link = getattr(link, "_fallback", None)
    catalog = gettext.GNUTranslations(io.BytesIO(compiled))
    catalog.bunko_catalog = True  # type: ignore[attr-defined]
    translator.add_fallback(catalog)


def reload_sphinx_translations(app: Sphinx) -> None:
    """Sphinx loads its words for conf.py's ``language`` before any extension runs; when
    an imported Jekyll site's ``_config.yml`` names another language, load them again."""
    locale.translators.pop(("general", "sphinx"), None)
    app._init_i18n()


@cache
def _compiled_catalog(language: str) -> bytes | None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = _LOCALE / language / "LC_MESSAGES" / "sphinx.po"
    if not path.is_file():
        return None
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    return compiled.getvalue()


def translate_furo_templates(app: Sphinx) -> None:
    """``builder-inited``: furo's literal words become translatable as its templates load."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None:
        environment.add_extension(FuroWords)


class FuroWords(Extension):
    """Rewrites furo's template source before Jinja compiles it (only furo's own files)."""

    #: How it rewrites (``compiled_templates``): any change of this module may change it.
    fingerprint = digest(Path(__file__).read_bytes())

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if filename is None or not _is_furo_template(filename):
            return source
        source = _LITERAL_LABEL.sub(lambda match: f'{match.group(1)}="{{{{ _("'
                                    f'{match.group(2)}")|e }}}}"', source)
        return _FURO_CREDIT.sub(lambda _match: _CREDIT_SENTENCES, source)


@cache
def _furo_folder() -> Path:
    import furo

    return Path(furo.__file__).resolve().parent


def _is_furo_template(filename: str) -> bool:
    return Path(filename).resolve().is_relative_to(_furo_folder())
