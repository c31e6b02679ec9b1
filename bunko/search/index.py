"""Writing the search index once per build, and reading it back for the command line.

Everything goes into ``_static/bunko-search/`` as JavaScript files that call
``BunkoSearch`` when loaded by a ``<script>`` tag, which works from ``file://`` where
``fetch()`` does not:

* ``index.js``: the posts' display data (title, date, tags, categories, summary) and the keys
  with their postings: all a query needs to rank and list its results;
* ``text/<n>.js``: one post's text, loaded only for the results shown, to cut a snippet
  around the match.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sphinx.application import Sphinx

from ..collection import posts_by_docname
from ..dates import format_post_date
from ..output import safe_json
from ..post import Post
from .collect import index_keys, search_texts
from .ranking import BODY, EXCERPT, TAXONOMY, TITLE, SearchIndex, encode_postings

FOLDER = "_static/bunko-search"
_PREFIX = "BunkoSearch.setIndex("
_TEXT_PREFIX = "BunkoSearch.setText("
_SUFFIX = ");\n"


def _doc_entry(post: Post, uri: str, language: str) -> dict:
    return {
        "uri": uri,
        "title": post.title,
        "date": post.date.isoformat(),
        "date_text": format_post_date(post.date, language),
        "year": post.date.year,
        "tags": [[term.key, term.label] for term in post.tags],
        "cats": [[term.key, term.label] for term in post.categories],
        "summary": post.summary,
    }


def build_index(app: Sphinx) -> tuple[SearchIndex, list[str]]:
    """The index of every page that has search text (drafts have none), and each page's text
    in the same order: posts newest first, so the lower number wins a tie, then other pages."""
    texts = search_texts(app.env)
    language = app.config.language or "en"
    docs: list[dict] = []
    bodies: list[str] = []
    postings: dict[str, list[tuple[int, int]]] = {}
    #: Per document: body keys, title, tags and categories, summary.
    fields: list[tuple[frozenset[str], str, str, str]] = []
    posts = posts_by_docname(app.env)
    # Newest first, equal dates by path: the order of every listing.
    for docname, post in sorted(posts.items(),
                                key=lambda item: (-item[1].date.timestamp(), item[1].path)):
        text = texts.get(docname)
        if text is None or post.draft:
            continue
        docs.append(_doc_entry(post, app.builder.get_target_uri(docname), language))
        bodies.append(text.text)
        terms = "\n".join(term.label for term in (*post.tags, *post.categories))
        fields.append((text.keys, post.title, terms, post.summary))
    # Pages that are not posts (the home page, an "about" page) come after every post.
    for docname in sorted(set(texts) - set(posts)):
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        fields.append((texts[docname].keys, title, "", ""))
        bodies.append(texts[docname].text)
        docs.append({"uri": app.builder.get_target_uri(docname), "title": title, "date": "",
                     "date_text": "", "year": None, "tags": [], "cats": [], "summary": ""})
    for number, (body_keys, title, terms, summary) in enumerate(fields):
        bits: dict[str, int] = dict.fromkeys(body_keys, BODY)
        for field_bit, field_text in ((TITLE, title), (TAXONOMY, terms), (EXCERPT, summary)):
            for key in index_keys(field_text, with_words=True):
                bits[key] = bits.get(key, 0) | field_bit
        for key, key_bits in bits.items():
            postings.setdefault(key, []).append((number, key_bits))
    return SearchIndex(docs=docs, keys={key: encode_postings(postings[key])
                                        for key in sorted(postings)}), bodies


def _script(prefix: str, *values: object) -> str:
    arguments = ",".join(safe_json(value, separators=(",", ":")) for value in values)
    return f"{prefix}{arguments}{_SUFFIX}"


def write_index(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the index and the posts' texts, for HTML builders with a
    search page (the builder's ``search`` flag; singlehtml has none)."""
    searchable = getattr(app.builder, "search", False)
    if exception is not None or app.builder.format != "html" or not searchable:
        return
    index, bodies = build_index(app)
    folder = Path(app.outdir) / FOLDER
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "text").mkdir(parents=True)
    (folder / "index.js").write_text(
        _script(_PREFIX, {"docs": index.docs, "keys": index.keys}), "utf-8")
    for number, body in enumerate(bodies):
        (folder / "text" / f"{number}.js").write_text(_script(_TEXT_PREFIX, number, body),
                                                        "utf-8")


def read_index(html_dir: Path) -> SearchIndex:
    """The index a build wrote into ``html_dir``; ``FileNotFoundError`` or ``ValueError``
    when there is none or it is not one."""
    text = (html_dir / FOLDER / "index.js").read_text("utf-8")
    if not text.startswith(_PREFIX) or not text.endswith(_SUFFIX):
        raise ValueError("not a bunko search index")
    data = json.loads(text[len(_PREFIX):-len(_SUFFIX)])
    return SearchIndex(docs=data["docs"], keys=data["keys"])


def read_text(html_dir: Path, number: int) -> str:
    """A post's text as written for snippets ("" when missing)."""
    path = html_dir / FOLDER / "text" / f"{number}.js"
    if not path.is_file():
        return ""
    text = path.read_text("utf-8")
    _, body = json.loads("[" + text[len(_TEXT_PREFIX):-len(_SUFFIX)] + "]")
    return body
