"""Each page's index keys, computed once when Sphinx reads the page.

Splitting, and the dictionary lookups of the title, terms and summary, run in the parallel
readers and only for pages that changed; the index written at the end of the build only
assembles what is kept here.

A page's keys are kept in a file of their own under the doctrees folder, named by the digest
of its contents, and the environment keeps only that digest (and a post's signature, which
every build's catalog compares): Sphinx pickles the whole environment after every read,
sends it back from every parallel reader and loads it on every rebuild, and the keys would
be half of it. The index reads the files only when a digest changed. Each build deletes the
files no page names any more, so a deleted post's keys go with it; a page whose file is
missing is read again.

The text snippets are cut from is not kept either: it is written beside the index when the
page is written (``index.write_page_text``).
Drafts shown with ``bunko_show_drafts`` are left out here and from Sphinx's own index.
"""

from __future__ import annotations

import os
import pickle
from array import array
from collections.abc import Container, Iterable
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..collection import merge_records, posts_by_docname
from ..output import PARTIAL_SUFFIX, digest, write_whole
from ..related import content_signature
from .ranking import BODY, EXCERPT, TAXONOMY, TITLE, neighbours
from .splitter import key_counts, key_set
from .words import WORD_PREFIX, dictionary_words

#: Nodes whose text no reader sees: comments, raw HTML, Sphinx's own messages, link targets.
_HIDDEN = (nodes.comment, nodes.raw, nodes.system_message, nodes.substitution_definition,
           nodes.target)


#: Under the doctrees folder: one file per searchable page, ``<digest>.pickle``.
STORE_FOLDER = "bunko-search-texts"


@dataclass(frozen=True, slots=True)
class SearchText:
    """A page as search sees it: the keys it is found by and what ranking needs to know of
    each."""

    #: The keys the page is found by, sorted, joined by "\n". One string, and one array of
    #: numbers beside it, rather than a set of hundreds to thousands of strings per post:
    #: pickled and loaded for every page whenever the index is assembled.
    keys: str
    #: Per key, in the same order, in 32 bits: ``field bits | body count << 4 | neighbours <<
    #: 8`` (``ranking``: the fields holding it, how often the body says it, up to 15, past
    #: which BM25 hardly adds anything, and the filters of the keys that follow and precede
    #: it).
    facts: array
    #: How many keys the body says, repeats counted: its length for BM25.
    length: int

    def entries(self, only: Container[str] | None = None) -> list[tuple[str, int, int, int]]:
        """Each key (of ``only``, if given) with its field bits, body count and neighbour
        filters."""
        return [(key, fact & 15, fact >> 4 & 15, fact >> 8)
                for key, fact in zip(self.keys.split("\n"), self.facts, strict=True)
                if only is None or key in only]


@dataclass(frozen=True, slots=True)
class StoredSearchText:
    """What the environment keeps of a searchable page: where its ``SearchText`` is, and
    what every build needs of it without loading it."""

    #: The digest of the pickled ``SearchText``: its file's name, and what the index's
    #: digest of its inputs is made of.
    digest: str
    #: ``SearchText.length``: the index weighs every key against the average length.
    length: int
    #: A post's few keys that say what it is about, for related posts
    #: (``related.content_signature``, made here because here its keys are counted);
    #: "" for other pages.
    signature: str = ""


def stored_search_texts(env: BuildEnvironment) -> dict[str, StoredSearchText]:
    if not hasattr(env, "bunko_stored_search_texts"):
        env.bunko_stored_search_texts = {}
    return env.bunko_stored_search_texts


def _store(env: BuildEnvironment) -> Path:
    return Path(env.doctreedir) / STORE_FOLDER


def store_search_text(env: BuildEnvironment, docname: str, text: SearchText,
                      signature: str) -> None:
    """Write ``text`` under its digest (unless a file holds it already) and note it in the
    environment. Written whole (``output.write_whole``): a build stopped here leaves no cut
    file under a digest, and parallel readers never write into one file."""
    data = pickle.dumps(text, pickle.HIGHEST_PROTOCOL)
    name = digest(data)
    path = _store(env) / _file_name(name)
    if not path.is_file():
        write_whole(path, data)
    stored_search_texts(env)[docname] = StoredSearchText(name, text.length, signature)


def load_search_text(env: BuildEnvironment, stored: StoredSearchText) -> SearchText:
    return pickle.loads((_store(env) / _file_name(stored.digest)).read_bytes())


def _file_name(pickled: str) -> str:
    """The stored file of the keys whose pickle has the digest ``pickled``."""
    return f"{pickled}.pickle"


def body_text(doctree: nodes.Node) -> str:
    """The text of every block element (headings and code included), one line each; inline
    markup joins up, so ``**大規模**言語モデル`` stays one run of characters as the reader
    sees it."""
    lines = []
    for block in doctree.findall(nodes.TextElement):
        if isinstance(block, nodes.Inline) or _is_hidden(block):
            continue
        line = " ".join(block.astext().split())
        if line:
            lines.append(line)
    return "\n".join(lines)


def _is_hidden(node: nodes.Node) -> bool:
    while node is not None:
        if isinstance(node, _HIDDEN):
            return True
        node = node.parent
    return False


def index_keys(text: str, *, with_words: bool) -> frozenset[str]:
    """All keys ``text`` is found by: words and their parts, CJK bigrams, and with
    ``with_words`` dictionary words (for the short fields; see ``words.py``)."""
    keys, runs = key_set(text)
    if with_words:
        keys.update(WORD_PREFIX + word for word in dictionary_words(runs))
    return frozenset(keys)


def read_search_text(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, after ``read_doctree`` has completed the post (its summary and the
    tags of a ``{tags}`` directive): split the page once; a draft goes into no index.

    Posts are left out of Sphinx's own ``searchindex.js`` (``nosearch``): bunko's index holds
    them, and feeding them to Sphinx too would cost as much again (14% of a build of 200
    posts, measured with cProfile). Other pages are in both, unless marked ``nosearch``.
    """
    env = app.env
    docname = env.docname
    metadata = env.metadata[docname]
    post = posts_by_docname(env).get(docname)
    if post is None and ("nosearch" in metadata or "no-search" in metadata):
        return
    if post is not None:
        metadata["nosearch"] = True
        if post.draft:
            stored_search_texts(env).pop(docname, None)
            return
        title = post.title
        terms = "\n".join(term.label for term in (*post.tags, *post.categories))
        summary = post.summary
    else:
        title = page_title(env, docname)
        terms = summary = ""
    body = body_text(doctree)
    body_counts, _runs = key_counts(body)
    fields = ((TITLE, title), (TAXONOMY, terms), (EXCERPT, summary))
    bits = key_bits(body_counts, fields)
    beside = neighbours(body)
    for _, field_text in fields:
        for key, filters in neighbours(field_text).items():
            beside[key] = beside.get(key, 0) | filters
    keys = sorted(bits)
    text = SearchText(keys="\n".join(keys),
                      facts=array("I", (bits[key] | min(body_counts.get(key, 0), 15) << 4
                                        | beside.get(key, 0) << 8 for key in keys)),
                      length=sum(body_counts.values()))
    store_search_text(env, docname, text,
                      content_signature(body_counts, bits) if post is not None else "")


def key_bits(body_keys: Iterable[str],
             fields: tuple[tuple[int, str], ...]) -> dict[str, int]:
    """Every key of the page and the bits of the fields it occurs in: the body's keys (by
    its characters), the short fields' by their characters and dictionary words too."""
    bits: dict[str, int] = dict.fromkeys(body_keys, BODY)
    for field_bit, field_text in fields:
        for key in index_keys(field_text, with_words=True):
            bits[key] = bits.get(key, 0) | field_bit
    return bits


def page_title(env: BuildEnvironment, docname: str) -> str:
    """The title search shows for a page that is not a post."""
    return env.titles[docname].astext() if docname in env.titles else docname


def purge_search_text(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    stored_search_texts(env).pop(docname, None)


def merge_search_texts(app: Sphinx, env: BuildEnvironment, docnames: set[str],
                       other: BuildEnvironment) -> None:
    merge_records(stored_search_texts(env), stored_search_texts(other), docnames)


def _stored_files(env: BuildEnvironment) -> list[os.DirEntry]:
    try:
        with os.scandir(_store(env)) as entries:
            return list(entries)
    except FileNotFoundError:
        return []


def reread_missing_texts(app: Sphinx, env: BuildEnvironment, added: set[str],
                         changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: pages whose stored keys are gone (the doctrees folder emptied
    by hand, a file deleted) are read again, so the index never lacks them."""
    stored = stored_search_texts(env)
    if not stored:
        return []
    present = {entry.name for entry in _stored_files(env)}
    return sorted(docname for docname, text in stored.items()
                  if _file_name(text.digest) not in present and docname not in removed)


def delete_unnamed_texts(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, after the index is written: every page is read, so a stored file
    that no page names is the keys of a deleted, changed or unsearchable page (or a cut
    write): deleted. Not before: the index takes a changed page's earlier keys out of the
    postings it kept (``index._replace``)."""
    if exception is not None:
        return
    named = {_file_name(text.digest) for text in stored_search_texts(app.env).values()}
    for entry in _stored_files(app.env):
        if entry.name not in named and entry.name.endswith((".pickle", PARTIAL_SUFFIX)):
            os.unlink(entry.path)
