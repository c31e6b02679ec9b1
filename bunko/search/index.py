"""Writing the search index once per build, and reading it back for the command line.

Everything goes into ``_static/bunko-search/`` as JavaScript files that call
``BunkoSearch`` when loaded by a ``<script>`` tag, which works from ``file://`` where
``fetch()`` does not:

* the index, cut into shards that a query loads only as it needs them (``shards.py``: the
  small ``index.js`` every search loads, keys and their postings, substring probes, the
  posts' display data, the tags and categories);
* ``text/<id>.js``: one page's text, loaded only for the results shown, to cut a snippet
  around the match. Written when Sphinx writes the page, from the same doctree, so only
  changed pages cost anything; ``<id>`` is a digest of the page's name, stable across
  builds and free of characters a URL would have to escape.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from ..build_state import build_of
from ..dates import format_post_date
from ..output import digest, safe_json
from ..post import Post
from .collect import (
    SearchText,
    StoredSearchText,
    body_text,
    load_search_text,
    page_title,
    stored_search_texts,
)
from .ranking import SearchIndex, append_posting, saturation, scaled_rarity, top_weight, weigh
from .shards import MANIFEST, layout, read

FOLDER = "_static/bunko-search"
#: Changes with the files' layout, so that a build over an older layout writes them anew.
LAYOUT = "shards-1"
_TEXT_PREFIX = "BunkoSearch.setText("
_SUFFIX = ");\n"


def text_id(docname: str) -> str:
    return digest(docname)[:16]


def _doc_entry(post: Post, docname: str, uri: str, language: str) -> dict:
    return {
        "uri": uri,
        "text": text_id(docname),
        "title": post.title,
        "date": post.date.isoformat(),
        "date_text": format_post_date(post.date, language),
        "year": post.date.year,
        "tags": [[term.key, term.label] for term in post.tags],
        "cats": [[term.key, term.label] for term in post.categories],
        "summary": post.summary,
    }


def _index_inputs(app: Sphinx) -> tuple[list[dict], list[StoredSearchText]]:
    """What the index is made of, in its order: each page's display data and its stored
    keys. Posts come newest first (so the lower number wins a tie), then other pages (the
    home page, an "about" page); drafts have no search text."""
    texts = stored_search_texts(app.env)
    language = app.config.language or "en"
    build = build_of(app)
    docs: list[dict] = []
    searched: list[StoredSearchText] = []
    catalog = build.catalog  # made at env-updated, before any page is written
    # The catalog's order: newest first, equal dates by path, as every listing.
    for docname in catalog.newest:
        post = catalog.posts[docname]
        text = texts.get(docname)
        if text is None or post.draft:
            continue
        docs.append(_doc_entry(post, docname, build.target_uri(app, docname), language))
        searched.append(text)
    for docname in sorted(set(texts) - set(catalog.posts)):
        docs.append({"uri": build.target_uri(app, docname), "text": text_id(docname),
                     "title": page_title(app.env, docname), "date": "", "date_text": "",
                     "year": None, "tags": [], "cats": [], "summary": ""})
        searched.append(texts[docname])
    return docs, searched


def _assemble(docs: list[dict], texts: list[SearchText]) -> SearchIndex:
    """Each key's postings, documents in ascending order, with the impact of the key in each
    (``ranking.weigh``: how many documents hold the key is counted first). Postings are
    encoded as they are collected: a list of entries per key would hold ~3,000 tuples per
    post until the end."""
    holders: Counter[str] = Counter()
    for text in texts:
        holders.update(text.keys.split("\n"))
    average = max(1.0, sum(text.length for text in texts) / max(1, len(texts)))
    rarity = {key: scaled_rarity(len(texts), count) for key, count in holders.items()}
    top = top_weight(len(texts))
    letters: dict[str, list[str]] = {}
    previous: dict[str, int] = {}
    for number, text in enumerate(texts):
        share = text.length / average
        saturations: dict[tuple[int, int], float] = {}
        for key, bits, count, following in text.entries():
            saturated = saturations.get((bits, count))
            if saturated is None:
                saturated = saturations[bits, count] = saturation(bits, count, share)
            weight = weigh(rarity[key], saturated, top)
            if key not in letters:
                letters[key] = []
            append_posting(letters[key], number - previous.get(key, 0), bits, weight, following)
            previous[key] = number
    return SearchIndex(docs=docs, keys={key: "".join(letters[key]) for key in sorted(letters)})


def _script(prefix: str, *values: object) -> str:
    arguments = ",".join(safe_json(value, separators=(",", ":")) for value in values)
    return f"{prefix}{arguments}{_SUFFIX}"


def writes_search_files(app: Sphinx) -> bool:
    """HTML builders with a search page (the builder's ``search`` flag; singlehtml has
    none), and not while post bodies are rendered for the feeds."""
    return (app.builder.format == "html" and getattr(app.builder, "search", False)
            and not build_of(app).rendering_feed)


def write_page_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the text of a searchable page being written, for snippets."""
    if docname not in stored_search_texts(app.env) or not writes_search_files(app):
        return
    path = Path(app.outdir) / FOLDER / "text" / f"{text_id(docname)}.js"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_script(_TEXT_PREFIX, text_id(docname), body_text(doctree)), "utf-8")


def write_index(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the index's shards — unless no page's display data or keys
    changed since they were written — and delete the texts of pages no longer in it."""
    if exception is not None or not writes_search_files(app) or build_of(app).catalog is None:
        return
    docs, stored = _index_inputs(app)
    manifest = build_of(app).output_manifest(Path(app.outdir))
    inputs = digest(LAYOUT, safe_json(docs), *(text.digest for text in stored))
    # index.js stands for the whole layout in the output manifest: its record is the digest
    # of what the index is made of, the shards' records their contents.
    shards = {relative: recorded for relative, recorded in manifest.previous.items()
              if relative.startswith(f"{FOLDER}/") and relative != f"{FOLDER}/{MANIFEST}"
              and not relative.startswith(f"{FOLDER}/text/")}
    if not manifest.needs_writing(f"{FOLDER}/{MANIFEST}", inputs):
        for relative, recorded in shards.items():
            manifest.needs_writing(relative, recorded)
        return
    files = layout(_assemble(docs, [load_search_text(app.env, text) for text in stored]))
    folder = Path(app.outdir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).write_text(files.pop(MANIFEST), "utf-8")
    for name, content in files.items():
        manifest.write(f"{FOLDER}/{name}", content)
    indexed = {f"{doc['text']}.js" for doc in docs}
    for stale in (folder / "text").glob("*.js"):
        if stale.name not in indexed:
            stale.unlink()


def read_index(html_dir: Path) -> SearchIndex:
    """The whole index a build wrote into ``html_dir``, from its shards;
    ``FileNotFoundError`` or ``ValueError`` when there is none or it is not one."""
    try:
        return read(html_dir / FOLDER)
    except (KeyError, TypeError, IndexError) as err:
        raise ValueError(f"not a bunko search index ({err})") from err


def read_text(html_dir: Path, doc: dict) -> str:
    """A page's text as written for snippets ("" when missing); ``doc`` is its entry in
    ``SearchIndex.docs``."""
    path = html_dir / FOLDER / "text" / f"{doc.get('text')}.js"
    if not path.is_file():
        return ""
    text = path.read_text("utf-8")
    _, body = json.loads("[" + text[len(_TEXT_PREFIX):-len(_SUFFIX)] + "]")
    return body


def drop_emptied_sphinx_terms(app: Sphinx) -> list[tuple[str, dict, str]]:
    """``html-collect-pages``: after a page is deleted, Sphinx's own index (``searchindex.js``,
    the site's other pages) keeps the page's words with no page left (``"word": []``), which a
    clean build does not write. Sphinx prunes before pages are collected and dumps the index
    after, so the words are dropped here, and every rebuild writes what a clean build does."""
    indexer = getattr(app.builder, "indexer", None)
    for mapping in (getattr(indexer, "_mapping", {}), getattr(indexer, "_title_mapping", {})):
        for word in [word for word, docnames in mapping.items() if not docnames]:
            del mapping[word]
    return []
