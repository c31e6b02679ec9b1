"""Every link and image of a page leads where its author meant, in the archive.

At ``doctree-read`` (before Sphinx's image collector) each URL of the page — Markdown links
and images, ``href``/``src`` in raw HTML — is asked of ``site_urls``:

- a post or the home page becomes a reference to that document, resolved by Sphinx for each
  page it is written on, so it works from ``file://`` and under any sub-path;
- a static file of the imported site (copied to the same path of the output by
  ``static_files``) becomes a URL relative to the page, made when the page is written;
- anything else of the old site is warned about once (file, line, URL) and leads to the old
  site when its address is known; an image shows a labelled placeholder instead of a gap.

What each URL led to is recorded per page. On a later build a page whose URLs would now lead
elsewhere (a post was added, a permalink changed, a target went away) is read again, so an
incremental build equals a clean one. Warnings are repeated from the records on every build,
as posts' own problems are.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.logging import getLogger
from sphinx.util.nodes import make_refnode
from sphinx.util.osutil import relative_uri

from .collection import merge_records, posts_by_docname
from .html_urls import line_of, url_attributes
from .labels import labels_for
from .post import Problem
from .site import site_of
from .site_urls import HOME, MISSING, POST, STATIC, Link, SiteUrls

logger = getLogger("bunko")

#: ``reftype`` of the references to posts made here, resolved by ``FinishSiteLinks``.
REFTYPE = "bunko-page"
_PLACEHOLDER_CLASS = "bunko-missing-image"
_MOVED_CLASS = "bunko-moved"


@dataclass(frozen=True, slots=True)
class PageLinks:
    """What the URLs of one page led to when it was read."""

    #: Site path → ``Target.outcome``: read again when one of them changes.
    outcomes: dict[str, str]
    #: URLs that lead to no page or file of the archive.
    problems: tuple[Problem, ...] = ()
    #: Whether the page holds references ``FinishSiteLinks`` completes when it is written.
    finish: bool = False


class _HeldImage(nodes.General, nodes.Element):
    """An image of a static file between ``doctree-read`` priorities 400 and 600: out of
    sight of Sphinx's image collector, which would look for the file in the source folder."""


def links_by_docname(env: BuildEnvironment) -> dict[str, PageLinks]:
    if not hasattr(env, "bunko_links"):
        env.bunko_links = {}
    return env.bunko_links


def purge_links(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    links_by_docname(env).pop(docname, None)


def merge_links(app: Sphinx, env: BuildEnvironment, docnames: set[str],
                other: BuildEnvironment) -> None:
    merge_records(links_by_docname(env), links_by_docname(other), docnames)


class _Page:
    """The page being read: where relative URLs start, and what its links led to."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app = app
        self.docname = docname
        site = site_of(app)
        self.urls: SiteUrls = site.urls
        self.labels = labels_for(app.config.language)
        self.post = posts_by_docname(app.env).get(docname)
        self.old_url = self.urls.old_url(self.post) if self.post is not None else None
        self.outcomes: dict[str, str] = {}
        self.problems: list[Problem] = []
        self.finish = False
        self.held_images = False

    def link(self, written: str) -> Link | None:
        link = self.urls.link(written, old_url=self.old_url, page=self.docname)
        if link is not None:
            for path in link.tried:
                self.outcomes[path] = self.urls.target(path).outcome
        return link

    def missing(self, link: Link, line: int | None, *, image: bool) -> None:
        what = "image" if image else "link"
        if link.target.note:
            why = f"leads to no single post ({link.target.note})"
        elif image:
            why = "is not a file of the archive"
        else:
            why = "leads to no page or file of the archive"
        if image:
            shown = "a placeholder is shown"
        elif link.old_site_url:
            shown = f"it leads to the old site, {link.old_site_url}"
        else:
            shown = "it is kept as written (the old site's url is not known)"
        self.problems.append(Problem(f"{what} {link.written!r} {why}; {shown}", line))

    def record(self) -> PageLinks:
        return PageLinks(self.outcomes, tuple(self.problems), self.finish)


def rewrite_links(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, before the image collector (500): point every URL of the page at
    the archive."""
    docname = app.env.docname
    page = _Page(app, docname)
    for node in list(doctree.findall(_is_link_or_image)):
        if isinstance(node, nodes.image):
            _rewrite_image(page, node)
        elif isinstance(node, nodes.raw):
            _rewrite_raw(page, node)
        else:
            _rewrite_link(page, node)
    if page.post is not None and page.post.redirect_to:
        _add_moved_notice(page, doctree, page.post.redirect_to)
    if page.outcomes or page.problems:
        links_by_docname(app.env)[docname] = page.record()
    if page.held_images:
        doctree["bunko_held_images"] = True


def _is_link_or_image(node: nodes.Node) -> bool:
    if isinstance(node, addnodes.pending_xref):
        return node.get("reftype") == "myst"
    if isinstance(node, nodes.reference):
        return bool(node.get("refuri"))
    if isinstance(node, nodes.raw):
        return "html" in node.get("format", "").split()
    return isinstance(node, nodes.image)


def _rewrite_link(page: _Page, node: nodes.Element) -> None:
    if isinstance(node, addnodes.pending_xref):
        if node.get("refdomain") == "doc":
            # MyST found the post by its source path: noted, so that the page is read
            # again should that post go away.
            page.link(f"/{node['reftarget']}")
            return
        if node.get("refdomain"):
            return
        written, explicit = node["reftarget"], bool(node.get("refexplicit"))
        if "/" not in written and "." not in written and ":" not in written:
            return  # a label ([text](intro)), which MyST resolves
    else:
        written, explicit = node["refuri"], True
    link = page.link(written)
    if link is None:
        return
    node.replace_self(_reference(page, link, node, node.children, explicit))


def _reference(page: _Page, link: Link, node: nodes.Element, children: list[nodes.Node],
               explicit: bool) -> nodes.Element:
    """The node a link to ``link`` becomes (``node`` gives its place in the file)."""
    children = [child.deepcopy() for child in children]
    kind = link.target.kind
    if kind in (POST, HOME):
        page.finish = True
        reference: nodes.Element = addnodes.pending_xref(
            "", *children, refdomain="", reftype=REFTYPE, reftarget=link.target.name,
            refexplicit=explicit and any(child.astext() for child in children),
            refdoc=page.docname, bunko_fragment=link.fragment.lstrip("#"))
    elif kind == STATIC:
        page.finish = True
        suffix = link.query + link.fragment
        reference = nodes.reference("", "", *children,
                                    refuri="/" + page.urls.static_uri(link.target.name) + suffix,
                                    bunko_static=link.target.name, bunko_suffix=suffix)
    else:
        page.missing(link, node.line, image=False)
        reference = nodes.reference("", "", *children,
                                    refuri=link.old_site_url or link.written)
    if not reference.astext() and kind != POST and kind != HOME:
        reference += nodes.literal(link.written, link.written)
    # What the writer gave the link besides its URL: a title ([a](url "title")), classes.
    for name in ("reftitle", "classes", "ids"):
        if node.get(name):
            reference[name] = node[name]
    reference.source, reference.line = node.source, node.line
    return reference


def _rewrite_image(page: _Page, node: nodes.image) -> None:
    uri = node["uri"]
    if "://" not in uri and not uri.startswith("data:"):
        written = uri.split("?")[0].split("#")[0]
        for path in dict.fromkeys((written, unquote(written))):
            if Path(page.app.env.relfn2path(path, page.docname)[1]).is_file():
                # A file of the source folder, which Sphinx copies; Markdown percent-encodes
                # a Japanese file name, Sphinx looks for the name as it is on disk.
                node["uri"] = path
                return
    link = page.link(uri)
    if link is None:
        return
    if link.target.kind == STATIC:
        page.finish = page.held_images = True
        held = _HeldImage("", **{**node.attributes, "uri": "/" + page.urls.static_uri(
            link.target.name) + link.query, "bunko_static": link.target.name,
            "bunko_suffix": link.query})
        held.source, held.line = node.source, node.line
        node.replace_self(held)
        return
    page.missing(link, node.line, image=True)
    inside_link = any(isinstance(parent, nodes.reference)
                      for parent in _ancestors(node))
    placeholder = nodes.raw("", _placeholder(page, link, node.get("alt", ""),
                                             linked=not inside_link), format="html")
    placeholder.source, placeholder.line = node.source, node.line
    if isinstance(node.parent, nodes.TextElement):
        node.replace_self(placeholder)
    else:
        node.replace_self(nodes.paragraph("", "", placeholder))


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def release_images(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, after the image collector (500): held images are images again,
    with the static file's path from the output root, made relative when written."""
    if not doctree.attributes.pop("bunko_held_images", False):
        return
    for held in list(doctree.findall(_HeldImage)):
        attributes = dict(held.attributes)
        image = nodes.image("", **attributes)
        image["candidates"] = {"?": attributes["uri"]}
        image.source, image.line = held.source, held.line
        held.replace_self(image)


def _placeholder(page: _Page, link: Link, alt: str, *, linked: bool) -> str:
    """The small labelled box shown where an image is missing: it names the file, and links
    to the original on the old site when its address is known."""
    name = posixpath.basename(link.site_path.rstrip("/")) or link.written
    shown = html.escape(name)
    if linked and link.old_site_url:
        shown = f'<a href="{html.escape(link.old_site_url)}">{shown}</a>'
    title = html.escape(alt or link.written)
    return (f'<span class="{_PLACEHOLDER_CLASS}" title="{title}">'
            f'<span class="{_PLACEHOLDER_CLASS}-label">{html.escape(page.labels["missing_image"])}'
            f"</span> {shown}</span>")


def _rewrite_raw(page: _Page, node: nodes.raw) -> None:
    text = node.astext()
    out: list[str] = []
    written = 0  # characters in ``out``
    spans: list[tuple[int, int, str, str, str]] = []
    position = 0
    replaced_until = -1
    for attribute in url_attributes(text):
        if attribute.start < replaced_until:
            continue  # inside an image tag already replaced by its placeholder
        link = page.link(attribute.url)
        if link is None:
            continue
        line = node.line + line_of(text, attribute.start) if node.line else None
        kind = link.target.kind
        if attribute.tag == "img" and attribute.name == "src" and kind != STATIC:
            page.missing(link, line, image=True)
            start, end = attribute.tag_start, attribute.tag_end
            value = _placeholder(page, link, "", linked=not _inside_anchor(text, start))
            replaced_until = end
        else:
            start, end = attribute.start, attribute.end
            if kind == MISSING:
                if attribute.tag != "img":
                    page.missing(link, line, image=False)
                if not link.old_site_url:
                    continue
                value = html.escape(link.old_site_url)
            else:
                value = html.escape(attribute.url)
                spans.append((written + start - position, written + start - position
                              + len(value), kind, link.target.name,
                              link.fragment if kind != STATIC else link.query + link.fragment))
        out += [text[position:start], value]
        written += start - position + len(value)
        position = end
    if not out:
        return
    out.append(text[position:])
    rewritten = nodes.raw(node.rawsource, "".join(out), **node.attributes)
    rewritten.source, rewritten.line = node.source, node.line
    if spans:
        page.finish = True
        rewritten["bunko_urls"] = spans
    node.replace_self(rewritten)


def _inside_anchor(text: str, offset: int) -> bool:
    """Whether an ``<a>`` opened before ``offset`` in ``text`` is still open there."""
    before = text[:offset].lower()
    opened = max(before.rfind("<a "), before.rfind("<a>"), before.rfind("<a\n"))
    return opened > before.rfind("</a")


def _add_moved_notice(page: _Page, doctree: nodes.document, redirect_to: str) -> None:
    """``redirect_to:``: a visible link to where the post went (its page also redirects
    there, ``redirect_meta``). Raw HTML, so that it is neither the post's summary nor its
    search text; its URL is resolved as any raw HTML's."""
    url = html.escape(redirect_to)
    notice = nodes.raw("", f'<p class="{_MOVED_CLASS}">{html.escape(page.labels["moved"])} '
                           f'<a href="{url}">{url}</a></p>\n', format="html")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, notice)
    else:
        doctree.insert(0, notice)
    _rewrite_raw(page, notice)


class FinishSiteLinks(SphinxPostTransform):
    """When a page is written: references to posts resolved by Sphinx for this page, static
    files' URLs made relative to it (the same doctree serves ``html`` and ``dirhtml``)."""

    default_priority = 5  # before MyST's (9) and Sphinx's (10) reference resolvers

    def run(self, **kwargs: object) -> None:
        docname = self.env.docname
        record = links_by_docname(self.env).get(docname)
        if record is None or not record.finish:
            return
        urls = site_of(self.app).urls
        page_uri = self.app.builder.get_target_uri(docname)
        for node in list(self.document.findall(_to_finish)):
            if isinstance(node, addnodes.pending_xref):
                node.replace_self(self._page_reference(node, docname))
            elif isinstance(node, nodes.raw):
                node.replace_self(self._raw(node, docname, page_uri, urls))
            else:
                url = relative_uri(page_uri, urls.static_uri(node["bunko_static"]))
                node["uri" if isinstance(node, nodes.image) else "refuri"] = (
                    url + node.get("bunko_suffix", ""))

    def _page_reference(self, node: addnodes.pending_xref, docname: str) -> nodes.Node:
        target = node["reftarget"]
        children = node.children
        if not node.get("refexplicit"):
            title = self.env.titles.get(target)
            text = title.astext() if title is not None else target
            children = [nodes.inline(text, text)]
        reference = make_refnode(self.app.builder, docname, target,
                                 node.get("bunko_fragment") or None, children,
                                 node.get("reftitle"))
        reference["classes"] += node["classes"]
        reference["ids"] += node["ids"]
        reference.source, reference.line = node.source, node.line
        return reference

    def _raw(self, node: nodes.raw, docname: str, page_uri: str, urls: SiteUrls) -> nodes.raw:
        text = node.astext()
        for start, end, kind, name, suffix in sorted(node["bunko_urls"], reverse=True):
            if kind == STATIC:
                url = relative_uri(page_uri, urls.static_uri(name))
            else:
                url = self.app.builder.get_relative_uri(docname, name)
            text = text[:start] + html.escape(url + suffix) + text[end:]
        attributes = {key: value for key, value in node.attributes.items()
                      if key != "bunko_urls"}
        finished = nodes.raw(node.rawsource, text, **attributes)
        finished.source, finished.line = node.source, node.line
        return finished


def _to_finish(node: nodes.Node) -> bool:
    if isinstance(node, addnodes.pending_xref):
        return node.get("reftype") == REFTYPE
    return isinstance(node, nodes.Element) and ("bunko_static" in node or "bunko_urls" in node)


def outdated_by_links(app: Sphinx, env: BuildEnvironment, added: set[str],
                      changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: pages whose URLs would now lead elsewhere than when they were
    read — read again. Checked only when the index of URLs changed since the last build."""
    urls = site_of(app).urls
    if getattr(env, "bunko_site_urls", None) == urls.fingerprint:
        return []
    env.bunko_site_urls = urls.fingerprint
    settled = added | changed | removed
    return sorted(docname for docname, record in links_by_docname(env).items()
                  if docname not in settled and any(
                      urls.target(path).outcome != outcome
                      for path, outcome in record.outcomes.items()))


def report_links(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: one warning per URL that leads nowhere, on every build."""
    for docname, record in sorted(links_by_docname(env).items()):
        for problem in record.problems:
            logger.warning("%s", problem.message, location=(docname, problem.line),
                           type="bunko", subtype="link")
    return []


def redirect_meta(app: Sphinx, pagename: str, templatename: str,
                  context: dict[str, object], doctree: nodes.document | None) -> None:
    """``html-page-context``: a post with ``redirect_to:`` sends its readers there, as
    jekyll-redirect-from does (the page also shows the link, for readers without refresh)."""
    post = posts_by_docname(app.env).get(pagename)
    if doctree is None or post is None or not post.redirect_to:
        return
    notice = next(iter(doctree.findall(
        lambda node: isinstance(node, nodes.raw) and _MOVED_CLASS in node.astext())), None)
    found = url_attributes(notice.astext()) if notice is not None else []
    if not found:
        return
    target = html.escape(found[0].url)
    context["metatags"] = (f'{context.get("metatags", "")}'
                           f'<meta http-equiv="refresh" content="0; url={target}">\n')
