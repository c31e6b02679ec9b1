"""Writing pages: the post header and footer, post lists, the sidebar and ``<head>`` metadata.

Everything here runs per written page, so it only formats: the indexes (``Catalog``) were
computed once per build. ``PageViews`` turns catalog entries into plain template data with
every URL relative to the page being written, which is what makes the site work opened from
``file://`` and hosted under any sub-path.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes
from docutils.parsers.rst import directives
from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.logging import getLogger
from sphinx.util.osutil import relative_uri
from sphinx_tags import TagLinks

from .archive import ListingPage, pager_for, paginate
from .build_state import build_of
from .catalog import Catalog
from .dates import format_post_date
from .excerpt import excerpt_html
from .feeds import ATOM, site_title
from .labels import labels_for
from .links import SiteLinks
from .phrases import phrase_html, wants_phrases
from .post import Post, image_location, is_url
from .reader import DirectiveTags, PostHeader, PostList
from .sidebar import SIDEBAR_DATA
from .site import site_of
from .taxonomy import KINDS, terms_of
from .terms import Term

logger = getLogger("bunko")

#: Terms of each kind a post list shows for one post; its own page shows them all.
LISTED_TERMS = 12


class PostListDirective(SphinxDirective):
    """``{bunko-posts}``: the newest posts, with date, terms, reading time and excerpt; with
    no ``:limit:``, the home listing's first page (``bunko_posts_per_page`` to twice that,
    less one) and a pager to the older pages."""

    option_spec = {"limit": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        return [PostList(limit=self.options.get("limit"))]


class TagsDirective(TagLinks):
    """sphinx-tags' ``{tags}`` directive, parsed by sphinx-tags, linked by bunko.

    sphinx-tags 0.4 links to pages it would write into the source folder; bunko writes tag
    pages into the output only, so the links are made when the page is written.
    """

    def run(self) -> list[nodes.Node]:
        super().run()  # parses the tags as sphinx-tags does, into env.metadata
        return [DirectiveTags(tags=list(self.env.metadata[self.env.docname]["tags"]))]


@dataclass
class PageViews:
    """Template data for one page being written; URLs are relative to ``pagename``."""

    app: Sphinx
    catalog: Catalog
    pagename: str
    #: Set on a page served at any depth (the 404 page): links are this prefix + the path.
    absolute_base: str = ""

    def __post_init__(self) -> None:
        self.language = self.app.config.language or "en"
        self.labels = labels_for(self.language)
        self.phrases = wants_phrases(self.language)
        self._build = build_of(self.app)
        self._own_uri = self._build.target_uri(self.app, self.pagename)

    def url(self, target_pagename: str) -> str:
        """A relative link (an IRI: see ``BuildState.target_uri``); "#" for the page itself, as
        Sphinx's own ``pathto`` does (an empty href would reload a ``file://`` folder
        listing)."""
        target_uri = self._build.target_uri(self.app, target_pagename)
        if self.absolute_base:
            return self.absolute_base + target_uri
        return relative_uri(self._own_uri, target_uri) or "#"

    def file_url(self, path: str) -> str:
        """A file bunko writes (``tags/ai/atom.xml``), relative to this page."""
        if self.absolute_base:
            return self.absolute_base + path
        return relative_uri(self._own_uri, path)

    def image_url(self, location: str) -> str:
        """An image from front matter (``post.image_location``'s form) as this page links it:
        a URL as written; a file of the site relative to the page, so it shows from
        ``file://`` and under any sub-path."""
        return location if is_url(location) else self.file_url(location)

    def terms(self, post: Post, kind: str, limit: int | None = None) -> list[dict[str, str]]:
        taxonomy = self.catalog.taxonomies[kind]
        return [{"label": taxonomy.terms[term.key].label,
                 "url": self.url(taxonomy.pagename(term.key))}
                for term in terms_of(post, kind)[:limit] if term.key in taxonomy.terms]

    def post(self, docname: str, terms_shown: int | None = LISTED_TERMS) -> dict[str, object]:
        """What a template needs to show one post; values are raw text, the template
        environment escapes them, except ``title_html``: the title escaped, with its phrase
        breaks on a Japanese site (``phrases.py``). Lists show ``terms_shown`` terms of each
        kind and a count of the rest: a post with 10,000 tags, listed on each of its 10,000
        tag pages, would otherwise make a site of 10,000² links (8 GB)."""
        post = self.catalog.posts[docname]
        hidden = 0 if terms_shown is None else sum(
            max(0, len(terms_of(post, kind)) - terms_shown) for kind in KINDS)
        return {
            "title": post.title,
            "title_html": phrase_html(post.title) if self.phrases else escape(post.title),
            "url": self.url(docname),
            "date_iso": post.date.isoformat(),
            "date_text": format_post_date(post.date, self.language),
            "authors": self.terms(post, "authors", terms_shown),
            "categories": self.terms(post, "categories", terms_shown),
            "tags": self.terms(post, "tags", terms_shown),
            "more_terms": hidden,
            "minutes_text": self.labels["minutes"].format(n=post.minutes),
            "excerpt_html": Markup(excerpt_html(post.excerpt)) if post.excerpt else None,
            "summary": post.summary,
            # Lists show a post's own picture only: a site-wide default would repeat on every
            # entry.
            "thumbnail": self.image_url(post.list_picture) if post.list_picture else None,
            "draft": post.draft,
        }

    def pager(self, pages: list[ListingPage], current: ListingPage) -> dict[str, object] | None:
        """The pager (``archive.pager_for``) as links from this page."""
        shown = pager_for(pages, current)
        if shown is None:
            return None
        return {
            "newer": self.url(shown.newer) if shown.newer else None,
            "older": self.url(shown.older) if shown.older else None,
            "links": [{"gap": True} if link.gap else {
                "gap": False, "current": link.current, "url": self.url(link.pagename),
                "text": self.labels["newest_page"] if link.number is None else str(link.number)}
                for link in shown.links],
        }

    def count(self, n: int) -> str:
        return self.labels["count"].format(n=n)


def home_pages(app: Sphinx, catalog: Catalog) -> list[ListingPage]:
    """The home page's listing: its first page is the root document, then ``page/M`` down
    to ``page/1`` (``archive.paginate``)."""
    return paginate(app.config.root_doc, catalog.newest, site_of(app).options.posts_per_page)


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: replace bunko's placeholders with HTML (or nothing, elsewhere)."""
    catalog = build_of(app).catalog
    html_output = (app.builder.format == "html" and catalog is not None
                   and not build_of(app).rendering_feed)
    renderer = site_of(app).renderer
    views = PageViews(app, catalog, docname) if html_output else None
    for header in list(doctree.findall(PostHeader)):
        if views is None or docname not in catalog.posts:
            header.parent.remove(header)
            continue
        header.replace_self(nodes.raw("", renderer.render(
            "bunko/post-header.html", labels=views.labels,
            post=views.post(docname, terms_shown=None)),
            format="html"))
        _append_post_footer(views, doctree, docname)
    for directive_tags in list(doctree.findall(DirectiveTags)):
        if views is None:
            directive_tags.replace_self(nodes.paragraph(text=", ".join(directive_tags["tags"])))
            continue
        directive_tags.replace_self(nodes.raw("", _directive_tags_html(views, directive_tags),
                                              format="html"))
    for number, post_list in enumerate(list(doctree.findall(PostList))):
        if views is None:
            post_list.parent.remove(post_list)
            continue
        if number == 0 and docname == app.config.root_doc:
            _insert_category_cards(views, post_list)
        limit = post_list.get("limit")
        if limit:
            shown, pager = catalog.newest[:limit], None
        else:
            pages = home_pages(app, catalog)
            shown, pager = pages[0].docnames, views.pager(pages, pages[0])
        post_list.replace_self(nodes.raw("", renderer.render(
            "bunko/post-list.html", labels=views.labels,
            posts=[views.post(name) for name in shown], pager=pager), format="html"))


def _insert_category_cards(views: PageViews, post_list: PostList) -> None:
    """The home page's category cards, above its list of the newest posts: above the
    section the list opens (``## 最近の記事``) when it opens one, so the cards are not
    filed under that heading. Nothing on a site without categories."""
    catalog = views.catalog
    categories = catalog.home_categories()
    if not categories:
        return
    options = site_of(views.app).options
    cards = []
    for term in categories:
        newest = term.docnames[0]
        post = catalog.posts[newest]
        cards.append({
            "label": term.label,
            "url": views.url(catalog.term_pagename("categories", term.key)),
            "count_text": views.labels["posts_count"].format(n=term.count),
            "description": options.category_description(term.key),
            "newest": {"title": post.title, "url": views.url(newest),
                       "date_iso": post.date.isoformat(),
                       "date_text": format_post_date(post.date, views.language)},
        })
    taxonomy = catalog.taxonomies["categories"]
    more_url = (views.url(taxonomy.index_pagename)
                if len(taxonomy.terms) > len(categories) else None)
    markup = site_of(views.app).renderer.render(
        "bunko/home-cards.html", labels=views.labels, cards=cards, more_url=more_url)
    section = post_list.parent
    opens_section = (isinstance(section, nodes.section)
                     and isinstance(section.parent, nodes.section)
                     and section.index(post_list) == 1
                     and isinstance(section[0], nodes.title))
    anchor = section if opens_section else post_list
    anchor.parent.insert(anchor.parent.index(anchor), nodes.raw("", markup, format="html"))


def _append_post_footer(views: PageViews, doctree: nodes.document, docname: str) -> None:
    """Previous / next post by date and related posts, at the very end (after footnotes)."""
    catalog = views.catalog
    older, newer = catalog.older(docname), catalog.newer(docname)
    markup = site_of(views.app).renderer.render(
        "bunko/post-footer.html", labels=views.labels,
        previous=views.post(older) if older else None,
        next=views.post(newer) if newer else None,
        related=[views.post(name) for name in catalog.related.get(docname, ())])
    doctree.append(nodes.raw("", markup, format="html"))


def _directive_tags_html(views: PageViews, directive_tags: DirectiveTags) -> str:
    taxonomy = views.catalog.taxonomies["tags"]
    links = []
    for label in directive_tags["tags"]:
        term = Term.from_label(label)
        if term is None:
            continue
        url = views.url(taxonomy.pagename(term.key)) if term.key in taxonomy.terms else None
        links.append({"label": term.label, "url": url})
    return site_of(views.app).renderer.render(
        "bunko/directive-tags.html", intro=views.app.config.tags_intro_text, tags=links)


def add_page_context(app: Sphinx, pagename: str, templatename: str,
                     context: dict[str, object], doctree: nodes.document | None) -> None:
    """``html-page-context``: the sidebar's sections, feed links, and on post pages the
    excerpt as meta description with Open Graph and Twitter cards."""
    site = site_of(app)
    context["bunko_labels"] = labels_for(app.config.language)
    if context.get("language"):
        # <html lang> is a BCP 47 tag: "ja-JP", not Sphinx's "ja_JP", or :lang(ja) misses it.
        context["language"] = str(context["language"]).replace("_", "-")
    catalog = build_of(app).catalog
    if catalog is None:
        return
    absolute_base = _not_found_prefix(app, pagename)
    context["bunko_sidebar"] = Markup(_sidebar_html(app, catalog, pagename, absolute_base))
    if absolute_base and "notfound_context" not in site.config_set_by_user:
        context["body"] = not_found_body(app, catalog, absolute_base)
    links = SiteLinks(app)
    pathto = context["pathto"]
    feeds = [{"title": site_title(app),
              "url": absolute_base + ATOM if absolute_base else pathto(ATOM, 1)}]
    if context.get("bunko_feed"):
        feeds.append({"title": context["title"], "url": pathto(context["bunko_feed"], 1)})
    post = catalog.posts.get(pagename)
    post_meta = None
    if post is not None:
        context["bunko_post"] = True
        if post.lang:
            context["language"] = post.lang
        post_meta = {
            "title": post.title, "summary": post.summary, "date_iso": post.date.isoformat(),
            "url": links.absolute(links.uri(pagename)),
            "image": _open_graph_image(app, links, post),
            "categories": [term.label for term in post.categories],
            "tags": [term.label for term in post.tags],
        }
    head = site.renderer.render("bunko/head.html", feeds=feeds, post=post_meta,
                                site_title=site_title(app))
    context["metatags"] = f"{context.get('metatags', '')}{head}"


def not_found_body(app: Sphinx, catalog: Catalog | None, absolute_base: str = "/") -> str:
    """The 404 page's text: what happened, and links to the home page, the sections this
    site has (no タグ on a site without tags) and search, absolute under ``absolute_base``
    because the page is served at any depth. Without a catalog (at start-up), no links."""
    links = []
    if catalog is not None:
        views = PageViews(app, catalog, getattr(app.config, "notfound_pagename", "404"),
                          absolute_base)
        links = [{"label": views.labels["home"], "url": views.url(app.config.root_doc)},
                 *({"label": views.labels[section.heading], "url": views.url(section.pagename)}
                   for section in catalog.sidebar),
                 {"label": views.labels["search"], "url": views.url("search")}]
    return site_of(app).renderer.render("bunko/not-found.html",
                                        labels=labels_for(app.config.language), links=links)
def _open_graph_image(app: Sphinx, links: SiteLinks, post: Post) -> str | None:
    """The post's picture as an absolute URL (Open Graph wants one): its own ``image:`` or
    ``thumbnail:``, else one the Jekyll site's ``defaults:`` give its posts; a file of the
    site only when ``html_baseurl`` says where the site is."""
    site = site_of(app)
    location = post.picture
    if location is None:
        path_in_jekyll = "_posts/" + post.path.removeprefix(site.options.posts_prefix)
        defaults = site.jekyll.defaults_for(path_in_jekyll)
        location = image_location(defaults.get("image") or defaults.get("thumbnail"))
    if location is None:
        return None
    return location if is_url(location) else links.absolute(location)


def _not_found_prefix(app: Sphinx, pagename: str) -> str:
    """On sphinx-notfound-page's 404 page, links must be absolute (it is served at any
    depth): its URL prefix; "" on every other page."""
    if pagename != getattr(app.config, "notfound_pagename", None):
        return ""
    return str(getattr(app.config, "notfound_urls_prefix", "") or "/")


def _sidebar_html(app: Sphinx, catalog: Catalog, pagename: str, absolute_base: str) -> str:
    """The sidebar as every page carries it: home and the site's sections, their links
    filled in from ``SIDEBAR_DATA`` when the page loads (``sidebar.py``). Rendered once per
    page folder: relative URLs differ only by folder. A page the sidebar links to (the home
    page, a tag index) links to itself as "#", so it gets a rendering of its own: shared,
    its "#" would reach every page written after it in its folder (search.html linked
    "Home" to itself), and which page came first would change the site."""
    folder = absolute_base or pagename.rpartition("/")[0]
    if pagename == app.config.root_doc or any(
            pagename == section.pagename for section in catalog.sidebar):
        folder = f"{pagename}#"  # no folder is named so
    rendered = build_of(app).sidebar_by_folder
    if folder not in rendered:
        views = PageViews(app, catalog, pagename, absolute_base)
        sections = [{"name": section.heading, "heading": views.labels[section.heading],
                     "url": views.url(section.pagename)} for section in catalog.sidebar]
        rendered[folder] = site_of(app).renderer.render(
            "bunko/sidebar.html", labels=views.labels, sections=sections,
            home_url=views.url(app.config.root_doc), root=views.file_url("").removeprefix("./"),
            data_url=views.file_url(SIDEBAR_DATA))
    return rendered[folder]
