"""What the browser's search box needs from the build: its words and the archive's address.

The search box is on the search page (``templates/search.html``) and, on every other page, in
a dialog that ``/``, Ctrl+K (⌘K) or furo's sidebar field opens (``static/bunko-search-loader.js``
and the scripts it loads by ``<script>``, as ``file://`` has no ``fetch``). Its words come
from ``labels.py``, the one place bunko's words are defined: every HTML build writes the ones
the browser shows into ``_static/bunko-search-config.js``, in the site's language.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ..archive import ARCHIVE_INDEX
from ..build_state import build_of
from ..labels import labels_for
from ..output import safe_json
from .index import writes_search_files

#: The labels the search page and the dialog show (``labels.LABELS``).
BROWSER_LABELS = (
    "search", "search_placeholder", "search_found", "search_found_one", "search_no_results",
    "search_no_filtered_results", "search_suggest_terms", "search_suggest_spelling",
    "search_suggest_unfiltered", "search_suggest_archive", "search_filter_year",
    "search_remove_filter", "search_all_results", "search_more", "search_key_choose",
    "search_key_open", "search_key_close", "search_loading", "search_load_failed",
    "term_title_categories", "term_title_tags",
)

CONFIG_FILE = "_static/bunko-search-config.js"


def browser_config(app: Sphinx) -> dict[str, object]:
    """The labels in the site's language, and the archive's URI below the site's root (for
    the suggestions shown when nothing matches)."""
    labels = labels_for(app.config.language)
    return {"labels": {name: labels[name] for name in BROWSER_LABELS},
            "archive": build_of(app).target_uri(app, ARCHIVE_INDEX)}


def write_browser_config(app: Sphinx) -> None:
    """``builder-inited``: write ``bunko-search-config.js`` (when it differs, so an unchanged
    file keeps its date)."""
    if not writes_search_files(app):
        return
    path = Path(app.outdir) / CONFIG_FILE
    script = ("/* Written by bunko/search/ui.py from labels.py for this site: do not edit. */\n"
              f"var BunkoSearchConfig = {safe_json(browser_config(app))};\n")
    if not path.is_file() or path.read_text("utf-8") != script:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(script, "utf-8")
