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
import pickle
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..build_state import build_of
from ..dates import format_post_date
from ..listing_pages import unchanged_inputs
from ..output import FORMAT_VERSION, OutputManifest, digest, load_kept, safe_json, save_kept
from ..post import Post
from .collect import (
    SearchText,
    StoredSearchText,
    body_text,
    load_search_text,
    page_title,
    stored_search_texts,
)
from .ranking import (
    BEFORE_FIRST,
    WEIGHING,
    SearchIndex,
    append_posting,
    corpus_scale,
    holders_step,
    holds_neighbours,
    posting_entries,
    posting_letters,
    saturation,
    scaled_rarity,
    top_weight,
    weigh,
)
from .shards import MANIFEST, Cut, Layout, display_shard, layout, read

FOLDER = "_static/bunko-search"
#: Changes with the files' layout, so that a build over an older layout writes them anew.
LAYOUT = "shards-3"
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
    keys. Pages that are not posts (the home page, an "about" page) come first, then posts
    oldest first, so that a new post — the daily case — takes the next number and every
    other document keeps its own, with its postings and display shard. A tie goes to the
    higher number: the newer post, a post before a page, and between pages the name sorted
    first. Drafts have no search text."""
    texts = stored_search_texts(app.env)
    language = app.config.language or "en"
    build = build_of(app)
    docs: list[dict] = []
    searched: list[StoredSearchText] = []
    catalog = build.catalog  # made at env-updated, before any page is written
    for docname in sorted(set(texts) - set(catalog.posts), reverse=True):
        docs.append({"uri": build.target_uri(app, docname), "text": text_id(docname),
                     "title": page_title(app.env, docname), "date": "", "date_text": "",
                     "year": None, "tags": [], "cats": [], "summary": ""})
        searched.append(texts[docname])
    # The catalog's order reversed: newest first, equal dates by path, as every listing.
    for docname in reversed(catalog.newest):
        post = catalog.posts[docname]
        text = texts.get(docname)
        if text is None or post.draft:
            continue
        docs.append(_doc_entry(post, docname, build.target_uri(app, docname), language))
        searched.append(text)
    return docs, searched


#: Kept beside the environment: the postings of the last index written and what they were
#: made of (``_Postings``).
_POSTINGS_FILE = "bunko-search-postings.pickle"


@dataclass
class _Postings:
    """Every key's postings and what they were made of: the scale, per document number the
    digest of its keys (``StoredSearchText.digest``), and per key how many documents hold it
    and the last one; and the documents' display data the index was written with (a display
    shard whose documents are unchanged is not made again: ``shards.layout``).

    A key's postings depend on nothing else. So when the next build's
    documents are these with new ones after them (a post published: the daily case), it
    adds the new documents' postings to the keys they hold, makes again only the rare keys
    whose rarity left its step (``ranking.holders_step``), and takes every other key as it
    is: the same strings a whole assembly would make, at a fraction of its cost (600,000
    postings at 1,000 posts)."""

    version: str
    scale: tuple[float, float]
    #: Per document number, the digest of its stored keys.
    documents: list[str]
    keys: dict[str, str]
    holders: dict[str, int]
    last: dict[str, int]
    display: list[dict] = field(default_factory=list)
    #: How the index written from these postings was cut into shards: the next build makes
    #: again only the shards whose keys or postings changed (``shards.layout``). It holds
    #: ``keys`` itself, pickled once: a kept ``keys`` is copied before it is changed, never
    #: changed in place, or the changes would not be seen.
    layout: Layout | None = None


#: Changes whenever what a posting holds, how its impact is weighed or what the cache keeps
#: changes, so that postings kept by another version are not taken for this one's.
_POSTINGS_VERSION = digest(LAYOUT, str(FORMAT_VERSION), WEIGHING, *_Postings.__dataclass_fields__,
                           *Layout.__dataclass_fields__, *Cut.__dataclass_fields__)


class _Texts(Sequence[SearchText]):
    """The documents' keys in index order, each loaded from its stored file the first time
    it is asked for: a published post's assembly loads the new post's keys and those of the
    few documents holding a reweighed rare key, not every document's."""

    def __init__(self, env: BuildEnvironment, stored: list[StoredSearchText]) -> None:
        self.env = env
        self.stored = stored
        self._loaded: dict[int, SearchText] = {}

    def __len__(self) -> int:
        return len(self.stored)

    def __getitem__(self, number: int) -> SearchText:  # type: ignore[override]
        text = self._loaded.get(number)
        if text is None:
            text = self._loaded[number] = load_search_text(self.env, self.stored[number])
        return text


def _assemble(texts: _Texts, kept: _Postings | None) -> _Postings:
    """Each key's postings for ``texts`` in their order. When ``texts`` are the last
    build's (``kept``) with new documents after them, the postings of the keys the new
    documents hold are extended — or made again, for a key whose rarity left its step — and
    the others taken as they are; when a few of them changed in place (a post edited), each
    one's postings are replaced in the keys it held or holds (``_replace``); when a few were
    taken out (a post deleted, or made a draft), they are taken out of the postings and the
    documents after them numbered anew (``_remove``); any other change assembles every key
    again."""
    stored = texts.stored
    scale = corpus_scale(len(stored), sum(text.length for text in stored))
    # A document's stored digest is that of its keys: what its postings are made of.
    made_of = [text.digest for text in stored]
    if kept is not None and kept.version == _POSTINGS_VERSION and kept.scale == scale:
        spliced = None
        if len(made_of) == len(kept.documents):
            spliced = _replace(texts, kept, made_of)
        elif len(made_of) < len(kept.documents):
            spliced = _remove(texts, kept, made_of)
        if spliced is not None:
            return spliced
    if (kept is None or kept.version != _POSTINGS_VERSION or kept.scale != scale
            or made_of[:len(kept.documents)] != kept.documents):
        holders = _count_holders(texts)
        keys, last = _encode(texts, scale, holders)
        return _Postings(_POSTINGS_VERSION, scale, made_of, keys, dict(holders), last)
    added = range(len(kept.documents), len(texts))
    holders = _count_holders([texts[number] for number in added])
    for key in holders:
        holders[key] += kept.holders.get(key, 0)
    rebuilt = {key for key in holders if key in kept.holders
               and _left_its_step(kept, key, holders[key])}
    extended = set(holders) - rebuilt
    keys = dict(kept.keys)
    last = dict(kept.last)
    for made, made_last in (_encode(texts, scale, holders, extended, numbers=added, kept=kept),
                            _encode(texts, scale, holders, rebuilt,
                                    numbers=_holding(kept, rebuilt, added))):
        keys.update(made)
        last.update(made_last)
    return _Postings(_POSTINGS_VERSION, scale, made_of, dict(sorted(keys.items())),
                     {**kept.holders, **holders}, last)


def _left_its_step(kept: _Postings, key: str, holders: int) -> bool:
    """Whether ``holders`` documents weigh ``key``'s rarity otherwise than the holders it
    had in ``kept`` (``ranking.holders_step``): every one of its postings' impacts may move,
    so its postings are made again over all its holders, not spliced."""
    return holders_step(kept.holders[key]) != holders_step(holders)


#: Most documents changed in place whose postings are replaced rather than all assembled:
#: each costs a walk through the postings of every key it holds, up to its own number.
_MOST_REPLACED = 32


def _replace(texts: _Texts, kept: _Postings, made_of: list[str]) -> _Postings | None:
    """``kept`` with the documents whose keys changed in place (the same numbers: a post's
    text or terms edited) taken out of the postings of the keys they held and put into
    those of the keys they hold: every other document's entry, and every key neither
    version holds, stays as it is — what a whole assembly makes, as a key's postings depend
    only on its holders' entries and its rarity. A key whose rarity leaves its step is made
    again over its holders. ``None`` when too many documents changed, or a changed one's
    earlier keys are no longer stored."""
    changed = [number for number, (now, before) in enumerate(zip(made_of, kept.documents,
                                                                    strict=True))
               if now != before]
    if not changed or len(changed) > _MOST_REPLACED:
        return None
    earlier = _kept_texts(texts, kept, changed)
    if earlier is None:
        return None
    holders = Counter(kept.holders)
    touched: set[str] = set()
    for number in changed:
        now = set(texts[number].keys.split("\n"))
        before = set(earlier[number].keys.split("\n"))
        holders.subtract(before - now)
        holders.update(now - before)
        touched |= now | before
    rebuilt = {key for key in touched if holders[key] > 0 and (
        key not in kept.holders or _left_its_step(kept, key, holders[key]))}
    keys = dict(kept.keys)
    last = dict(kept.last)
    documents, average = kept.scale
    top = top_weight(documents)
    def postings_of(text: SearchText) -> dict[str, int]:
        """``text``'s posting in each key it holds that is not made again."""
        share = text.length / average
        return {key: bits | weigh(scaled_rarity(documents, holders[key]),
                                  saturation(bits, count, share), top) << 4 | following << 10
                for key, bits, count, following in text.entries(touched - rebuilt)}

    for number in changed:
        held_now, held_before = postings_of(texts[number]), postings_of(earlier[number])
        # A key whose posting for this document is what it was (its rarity in the same step,
        # the document's counts and length weighing the same impact) is left as it is: a
        # small edit changes few postings, and finding one means walking its key.
        for key in sorted(key for key in touched - rebuilt
                          if held_now.get(key) != held_before.get(key)):
            postings, before = _put(keys.get(key, ""), holds_neighbours(key), number,
                                    held_now.get(key))
            if not postings:
                keys.pop(key, None)
                last.pop(key, None)
                continue
            keys[key] = postings
            if key in held_now:
                last[key] = max(number, last.get(key, number))
            elif last[key] == number:
                last[key] = before
    # Every document holding a key made again: those the kept postings name, and the
    # changed ones (``_holding`` answers every document when they are many).
    none_added = range(len(made_of), len(made_of))
    numbers = sorted(set(_holding(kept, rebuilt, none_added)) | set(changed))
    made, made_last = _encode(texts, kept.scale, holders, rebuilt, numbers=numbers)
    keys.update(made)
    last.update(made_last)
    return _Postings(_POSTINGS_VERSION, kept.scale, made_of, dict(sorted(keys.items())),
                     {key: count for key, count in holders.items() if count > 0}, last)


#: Most documents taken out whose postings are spliced out rather than all assembled: one
#: walk through each key serves them all, but each makes again the keys whose rarity it
#: moves out of their step, over every document holding them.
_MOST_REMOVED = 4


def _remove(texts: _Texts, kept: _Postings, made_of: list[str]) -> _Postings | None:
    """``kept`` with a few documents taken out (the same documents otherwise, in the same
    order: a post deleted or made a draft): what a whole assembly makes, as a key's postings
    depend only on its holders' entries and its rarity. In gaps, the documents after a
    removed one moving down change only the first posting after it (``_take_out``): a key is
    read only up to there, and a key whose last document is before the first removed one not
    at all (most keys, when the newest post goes; the newest post's own keys are read to
    their end). A key a removed document held loses a holder: made again over its holders
    when its rarity leaves its step, dropped when no document holds it any more. ``None``
    when ``made_of`` is not ``kept.documents`` with a few taken out, or a removed one's keys
    are no longer stored."""
    removed = _removed_numbers(made_of, kept.documents)
    if removed is None:
        return None
    gone = _kept_texts(texts, kept, removed)
    if gone is None:
        return None
    holders = Counter(kept.holders)
    held: set[str] = set()
    for text in gone.values():
        keys_held = text.keys.split("\n")
        holders.subtract(keys_held)
        held.update(keys_held)
    rebuilt = {key for key in held if holders[key] > 0
               and _left_its_step(kept, key, holders[key])}
    keys = dict(kept.keys)
    last = dict(kept.last)
    for key in held:
        if holders[key] <= 0:
            keys.pop(key, None)
            last.pop(key, None)
    for key, postings in kept.keys.items():
        if key not in keys or last[key] < removed[0] or key in rebuilt:
            continue
        keys[key], before = _take_out(postings, holds_neighbours(key), removed)
        last[key] = before if last[key] in gone else last[key] - bisect_left(removed, last[key])
    # The documents holding a key made again, as the kept postings name them, numbered anew.
    none_added = range(len(kept.documents), len(kept.documents))
    numbers = [number - bisect_left(removed, number)
               for number in _holding(kept, rebuilt, none_added) if number not in gone]
    made, made_last = _encode(texts, kept.scale, holders, rebuilt, numbers=numbers)
    keys.update(made)  # every key made again was kept: the keys stay in their order
    last.update(made_last)
    return _Postings(_POSTINGS_VERSION, kept.scale, made_of, keys,
                     {key: count for key, count in holders.items() if count > 0}, last)


def _removed_numbers(made_of: list[str], documents: list[str]) -> list[int] | None:
    """The numbers of ``documents`` that ``made_of`` lacks, in order, when it is
    ``documents`` with at most ``_MOST_REMOVED`` of them taken out; else ``None``. Two
    documents of one digest hold the same keys, so whichever of them is taken out, the
    postings are the same."""
    removed: list[int] = []
    for number, document in enumerate(documents):
        if number - len(removed) < len(made_of) and made_of[number - len(removed)] == document:
            continue
        removed.append(number)
        if len(removed) > _MOST_REMOVED:
            return None
    return removed if removed and len(documents) - len(removed) == len(made_of) else None


def _kept_texts(texts: _Texts, kept: _Postings,
                numbers: list[int]) -> dict[int, SearchText] | None:
    """The keys the kept documents ``numbers`` were made of, from their stored files: a
    changed or deleted page's are deleted only after the index is written
    (``collect.delete_unnamed_texts``). ``None`` when one is no longer stored."""
    try:
        return {number: load_search_text(texts.env, StoredSearchText(kept.documents[number], 0))
                for number in numbers}
    except (OSError, pickle.UnpicklingError, EOFError):
        return None


def _put(postings: str, filtered: bool, number: int, posting: int | None) -> tuple[str, int]:
    """``postings`` (with neighbour filters if ``filtered``) with document ``number``'s
    posting taken out and, if given, ``posting`` put in its place, the posting after it
    written again with its new gap; and the document before ``number`` in them
    (``BEFORE_FIRST`` if none). Decodes the postings only up to ``number``'s."""
    previous = BEFORE_FIRST
    entries = posting_entries(postings, filtered)
    for doc, start, end, held in entries:
        if doc < number:
            previous = doc
            continue
        mine = posting_letters(number - previous, posting, filtered) if posting is not None else ""
        if doc == number:  # its own earlier posting: replaced, or gone
            if posting is not None:
                return postings[:start] + mine + postings[end:], previous
            following = next(entries, None)
            if following is None:
                return postings[:start], previous
            after, _, after_end, after_held = following
            return (postings[:start] + posting_letters(after - previous, after_held, filtered)
                    + postings[after_end:], previous)
        if posting is None:
            return postings, previous
        return (postings[:start] + mine + posting_letters(doc - number, held, filtered)
                + postings[end:], previous)
    if posting is None:
        return postings, previous
    return postings + posting_letters(number - previous, posting, filtered), previous


def _take_out(postings: str, filtered: bool, removed: list[int]) -> tuple[str, int]:
    """``postings`` (with neighbour filters if ``filtered``) without the documents
    ``removed`` (ascending), each one after them numbered as many less as are removed below
    it; and the last document they keep below the highest removed one, numbered anew
    (``BEFORE_FIRST`` if none). Only a posting with a removed number between it and the one
    before it changes its gap and is written again; those after the highest removed number
    count from one that moved as much, so the walk, one for all removed numbers, ends at the
    first of them."""
    pieces: list[str] = []
    copied = 0  # the letters before this are in ``pieces`` or taken out
    read = previous = BEFORE_FIRST  # the last document read; the last kept, numbered anew
    for doc, start, end, held in posting_entries(postings, filtered):
        below = bisect_left(removed, doc)
        if below < len(removed) and removed[below] == doc:
            pieces.append(postings[copied:start])
            copied = end
        else:
            gap = doc - below - previous
            if gap != doc - read:
                pieces += [postings[copied:start], posting_letters(gap, held, filtered)]
                copied = end
            if below == len(removed):
                break
            previous = doc - below
        read = doc
    return "".join(pieces) + postings[copied:], previous


def _holding(kept: _Postings, keys: set[str], added: range) -> Iterable[int]:
    """The numbers of the documents that hold one of ``keys``: those the kept postings
    name, when they are few (a new post reweighs rare keys), else every document; and the
    added ones."""
    if sum(kept.holders.get(key, 0) for key in keys) >= len(kept.documents):
        return range(added.stop)
    held = SearchIndex(docs=[], keys=kept.keys)
    numbers = {number for key in keys if key in kept.keys for number in held.postings(key)}
    return sorted(numbers) + list(added)


def _count_holders(texts: Sequence[SearchText]) -> Counter[str]:
    """How many documents hold each key."""
    holders: Counter[str] = Counter()
    for text in texts:
        holders.update(text.keys.split("\n"))
    return holders


def _encode(texts: Sequence[SearchText], scale: tuple[float, float], holders: Counter[str],
            only: set[str] | None = None, *, numbers: Iterable[int] | None = None,
            kept: _Postings | None = None) -> tuple[dict[str, str], dict[str, int]]:
    """The postings of every key counted in ``holders`` (of ``only``, if given) and the
    last document of each, over the documents ``numbers`` (every one) in ascending order,
    with the impact of the key in each (``ranking.weigh``), after what ``kept`` holds of
    the key. Postings are encoded as they are collected, into a key's bytes: a list of
    entries per key would hold ~3,000 tuples per post until the end."""
    documents, average = scale
    rarity = {key: scaled_rarity(documents, count) for key, count in holders.items()
              if only is None or key in only}
    if not rarity:
        return {}, {}
    top = top_weight(documents)
    letters: dict[str, bytearray] = {}
    previous: dict[str, int] = {}
    if kept is not None:
        letters = {key: bytearray(kept.keys[key].encode("ascii"))
                   for key in rarity if key in kept.keys}
        previous = {key: kept.last[key] for key in rarity if key in kept.last}
    for number in range(len(texts)) if numbers is None else numbers:
        text = texts[number]
        share = text.length / average
        saturations: dict[tuple[int, int], float] = {}
        for key, bits, count, following in text.entries(only):
            saturated = saturations.get((bits, count))
            if saturated is None:
                saturated = saturations[bits, count] = saturation(bits, count, share)
            weight = weigh(rarity[key], saturated, top)
            if key not in letters:
                letters[key] = bytearray()
            append_posting(letters[key], number - previous.get(key, BEFORE_FIRST), bits, weight,
                           following if holds_neighbours(key) else None)
            previous[key] = number
    return {key: letters[key].decode("ascii") for key in sorted(letters)}, previous


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


def write_index(app: Sphinx) -> None:
    """Write the index's shards — unless no page's display data or keys changed since they
    were written — and delete the texts of pages no longer in it. Called once every
    document is written (``write_page_text``)."""
    build = build_of(app)
    if not writes_search_files(app) or build.catalog is None:
        return
    manifest = build.output_manifest(app)
    # No document read or removed, the same configuration: the files are as they were
    # left, and neither the documents' display data nor their keys need be gathered.
    unchanged = unchanged_inputs(app, build.catalog, _POSTINGS_VERSION)
    if unchanged and manifest.reuse(_GROUP, unchanged):
        return
    made_before = set(manifest.current)
    _write_index(app, manifest)
    if unchanged:
        manifest.record(_GROUP, unchanged, set(manifest.current) - made_before)


#: The index's files in the output manifest.
_GROUP = "search index"


def _write_index(app: Sphinx, manifest: OutputManifest) -> None:
    docs, stored = _index_inputs(app)
    # The postings cache's version too: a build after an upgrade leaves a cache the next
    # edit can use, not one it must assemble again.
    inputs = digest(_POSTINGS_VERSION, safe_json(docs), *(text.digest for text in stored))
    # index.js stands for the whole layout in the output manifest: its record is the digest
    # of what the index is made of, the shards' records their contents. A shard deleted by
    # hand is made again (the others kept, ``shards.layout``).
    shards = [relative for relative in manifest.previous
              if relative.startswith(f"{FOLDER}/") and relative != f"{FOLDER}/{MANIFEST}"
              and not relative.startswith(f"{FOLDER}/text/")]
    if not manifest.needs_writing(f"{FOLDER}/{MANIFEST}", inputs) and manifest.keep(shards):
        return
    kept = load_kept(Path(app.doctreedir) / _POSTINGS_FILE, _Postings)
    postings = _assemble(_Texts(app.env, stored), kept)
    postings.display = docs
    if kept is not None and kept.version != _POSTINGS_VERSION:
        kept = None
    earlier = kept.display if kept is not None else []

    def written(number: int) -> str | None:
        name, held = display_shard(number)
        relative = f"{FOLDER}/{name}"
        if docs[held] == earlier[held] and manifest.keep([relative]):
            return manifest.current[relative]
        return None

    def unchanged(name: str, written_digest: str) -> bool:
        """The shard file ``name`` is the one the last build wrote, with ``written_digest``
        (the output manifest says so, and it is there): it is kept as it is."""
        relative = f"{FOLDER}/{name}"
        return manifest.previous.get(relative) == written_digest and manifest.keep([relative])

    files, postings.layout = layout(SearchIndex(docs=docs, keys=postings.keys), written,
                                    kept.layout if kept is not None else None, unchanged)
    folder = Path(app.outdir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).write_text(files.pop(MANIFEST), "utf-8")
    for name, content in files.items():
        manifest.write(f"{FOLDER}/{name}", content)
    save_kept(Path(app.doctreedir) / _POSTINGS_FILE, postings)
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
