"""Atom feeds of the site, of each category and of each tag, and an RSS 2.0 feed of the site.

Made with feedgen (lxml underneath), so escaping, dates with their zones and the required
elements follow the specifications rather than a string template. Entries are the newest
``bunko_feed_length`` posts; drafts are never in a feed, even when shown as a preview. A feed
is generated only when what it shows changed (its input digest, kept by ``output.py``).
"""

from __future__ import annotations

import posixpath
import re
import uuid
from dataclasses import dataclass

from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx

from .build_state import build_of
from .catalog import Catalog
from .labels import labels_for
from .links import SiteLinks
from .output import OutputManifest, digest
from .post import Post
from .site import site_of
from .taxonomy import terms_of

ATOM = "atom.xml"
RSS = "rss.xml"
#: Categories and tags named per entry, of each kind: a post with 10,000 tags (hostile or
#: mistaken) would otherwise put 10,000 elements into each of 10,000 tag feeds.
FEED_TERMS = 50
#: Characters XML 1.0 cannot hold; lxml refuses them, so they are dropped from feed text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Feed:
    #: File path from the output root (``tags/ai/atom.xml``).
    path: str
    title: str
    #: The page the feed mirrors (the term's listing, or the home page).
    pagename: str
    docnames: tuple[str, ...]


def site_feed_path() -> str:
    return ATOM


def term_feed_path(catalog: Catalog, kind: str, key: str) -> str | None:
    """The feed beside a term's listing page (``tags/ai/atom.xml``); none for a term that
    only drafts carry (a preview: drafts are never in a feed)."""
    if all(catalog.posts[name].draft for name in catalog.taxonomies[kind].terms[key].docnames):
        return None
    return catalog.term_pagename(kind, key).rpartition("/")[0] + "/" + ATOM


def site_title(app: Sphinx) -> str:
    return str(app.config.html_title or app.config.project)


def all_feeds(app: Sphinx, catalog: Catalog, length: int) -> list[Feed]:
    labels = labels_for(app.config.language)
    title = site_title(app)
    feeds = [Feed(ATOM, title, app.config.root_doc, catalog.published[:length])]
    for kind in ("categories", "tags"):
        taxonomy = catalog.taxonomies[kind]
        for term in taxonomy.by_name():
            path = term_feed_path(catalog, kind, term.key)
            if path is None:
                continue
            term_title = labels[f"term_title_{kind}"].format(label=term.label)
            feeds.append(Feed(path, f"{term_title} — {title}",
                              taxonomy.pagename(term.key),
                              tuple(name for name in term.docnames
                                    if not catalog.posts[name].draft)[:length]))
    return feeds


def write_feeds(app: Sphinx, catalog: Catalog, manifest: OutputManifest,
                bodies: dict[str, str]) -> None:
    """Write every feed whose content changed. ``bodies`` holds each post's HTML when
    ``bunko_feed_full_content`` is on (empty otherwise)."""
    options = site_of(app).options
    links = SiteLinks(app)
    post_digests: dict[str, str] = {}  # a post's digest is made once, not once per feed

    def post_digest(docname: str) -> str:
        if docname not in post_digests:
            # The entry key covers the post and its terms' labels, which other posts set.
            post_digests[docname] = digest(catalog.list_entry_key(docname),
                                           bodies.get(docname, ""))
        return post_digests[docname]

    for feed in all_feeds(app, catalog, options.feed_length):
        posts = [(name, catalog.posts[name]) for name in feed.docnames]
        inputs = digest(repr((feed, links.base, app.config.language)),
                        *(post_digest(name) for name in feed.docnames))
        if manifest.needs_writing(feed.path, inputs):
            _write(manifest, feed.path, _atom(app, catalog, feed, posts, links, bodies))
        if feed.path == ATOM and manifest.needs_writing(RSS, inputs):
            _write(manifest, RSS, _rss(app, feed, posts, links))


def post_bodies(app: Sphinx, docnames: set[str]) -> dict[str, str]:
    """Each post's body as HTML, for ``bunko_feed_full_content``: its resolved doctree
    rendered without bunko's header and footer (the feed has its own metadata)."""
    bodies = {}
    with build_of(app).feed_rendering():
        for docname in sorted(docnames):
            doctree = app.env.get_and_resolve_doctree(docname, app.builder)
            bodies[docname] = app.builder.render_partial(doctree)["fragment"]
    return bodies


_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"#][^"]*)(")')


def _rebase(html: str, page_uri: str, feed_path: str, links: SiteLinks) -> str:
    """Links in a post's body are relative to its page; in a feed they must be relative
    to the feed file (or absolute, with ``html_baseurl``)."""
    page_folder = posixpath.dirname(page_uri)

    def rebase(match: re.Match[str]) -> str:
        url = match.group(2)
        if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|/", url):
            return match.group(0)
        from_root = posixpath.normpath(posixpath.join(page_folder, url))
        return match.group(1) + links.from_file(feed_path, from_root) + match.group(3)

    return _URL_ATTRIBUTE.sub(rebase, html)


def _write(manifest: OutputManifest, path: str, content: bytes) -> None:
    target = manifest.inside(path)
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _entry_id(app: Sphinx, links: SiteLinks, docname: str) -> str:
    """The post's URL when the site has one; else a stable URN made from the project and the
    document (Atom ids must be absolute IRIs, and bunko writes no absolute URL without
    ``html_baseurl``)."""
    absolute = links.absolute(links.uri(docname))
    if absolute:
        return absolute
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'bunko:{app.config.project}:{docname}')}"


def _generator(app: Sphinx, feed: Feed, links: SiteLinks, posts: list[tuple[str, Post]],
               path: str) -> FeedGenerator:
    """A feed with its head filled in; ``path`` is the file it will be written to."""
    generator = FeedGenerator()
    page_uri = links.uri(feed.pagename)
    generator.id(links.absolute(path) or _entry_id(app, links, path))
    generator.title(_text(feed.title))
    generator.link(href=links.from_file(path, path), rel="self")
    generator.link(href=links.from_file(path, page_uri), rel="alternate")
    generator.language((app.config.language or "en").replace("_", "-"))
    generator.generator("bunko")
    if posts:
        generator.updated(max(post.date for _name, post in posts))
    else:
        generator.updated("1970-01-01T00:00:00+00:00")
    return generator


def _atom(app: Sphinx, catalog: Catalog, feed: Feed, posts: list[tuple[str, Post]],
          links: SiteLinks, bodies: dict[str, str]) -> bytes:
    generator = _generator(app, feed, links, posts, feed.path)
    for docname, post in posts:
        entry = generator.add_entry(order="append")
        entry.id(_entry_id(app, links, docname))
        entry.title(_text(post.title))
        entry.link(href=links.from_file(feed.path, links.uri(docname)), rel="alternate")
        entry.published(post.date)
        entry.updated(post.date)
        for author in post.authors:
            entry.author(name=_text(author.label))
        categories = [{"term": _text(term.key),
                       "label": _text(catalog.taxonomies[kind].terms[term.key].label)}
                      for kind in ("categories", "tags")
                      for term in terms_of(post, kind)[:FEED_TERMS]]
        if categories:
            entry.category(categories)  # one call: feedgen's per-call cost grows with the list
        if post.summary:  # the excerpt's text: its links are relative to the post's page
            entry.summary(_text(post.summary))
        if docname in bodies:
            body = _rebase(bodies[docname], links.uri(docname), feed.path, links)
            entry.content(_text(body), type="html")
    return generator.atom_str(pretty=True)


def _rss(app: Sphinx, feed: Feed, posts: list[tuple[str, Post]], links: SiteLinks) -> bytes:
    generator = _generator(app, feed, links, posts, RSS)
    generator.description(_text(feed.title))
    for docname, post in posts:
        entry = generator.add_entry(order="append")
        url = links.from_file(RSS, links.uri(docname))
        entry.guid(_entry_id(app, links, docname), permalink=bool(links.base))
        entry.title(_text(post.title))
        entry.link(href=url)
        entry.published(post.date)
        categories = [{"term": _text(term.label)}
                      for term in (*post.categories[:FEED_TERMS], *post.tags[:FEED_TERMS])]
        if categories:
            entry.category(categories)
        if post.summary:
            entry.description(_text(post.summary))
    return generator.rss_str(pretty=True)
