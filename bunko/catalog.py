"""The catalog: every index of the posts, computed once per build from the collection.

Listing pages, post headers (term links, previous/next, related posts) and the sidebar all
read this one object. It is built at ``env-updated`` in the main process, after parallel
readers have merged their posts, so parallel writers (forked later) inherit it and serial and
``-j`` builds see exactly the same indexes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from .archive import ARCHIVE_INDEX, Archive, build_archive, first_page_size, year_pagename
from .output import digest_of
from .post import Post
from .related import RelatedState, related_posts, related_sources
from .related import version as related_version
from .slugs import SlugCollision
from .taxonomy import KINDS, Taxonomy, TermListing, build_taxonomy, sort_key, terms_of

#: How many terms of a taxonomy the sidebar names before its "all" link.
SIDEBAR_TERMS = {"categories": 20, "tags": 20, "authors": 10}
#: Categories the home page shows as cards before its "all categories" link: a row or two
#: of cards on a desktop, not a wall above the newest posts.
HOME_CARDS = 12


@dataclass(frozen=True, slots=True)
class SidebarLink:
    label: str
    pagename: str
    count: int


@dataclass(frozen=True, slots=True)
class SidebarSection:
    """One block of the sidebar: a heading (a label name), links, and where "all" leads."""

    heading: str
    pagename: str
    links: tuple[SidebarLink, ...]
    more: bool


@dataclass(frozen=True)
class Catalog:
    posts: dict[str, Post]
    #: Docnames, newest first (equal dates by path).
    newest: tuple[str, ...]
    taxonomies: dict[str, Taxonomy]
    archive: Archive
    related: dict[str, tuple[str, ...]]
    #: Digest of what related posts follow from (the order of the posts, their terms and
    #: content signatures): a build where none of it changed reuses the last build's.
    related_key: str = ""
    #: The related posts computed by this build and what they follow from, for the next
    #: build to start from (``related.save_state``); ``None`` when reused whole.
    related_state: RelatedState | None = field(default=None, repr=False)
    sidebar: tuple[SidebarSection, ...] = ()
    _position: dict[str, int] = field(default_factory=dict, repr=False)
    _list_entry_keys: dict[str, str] = field(default_factory=dict, repr=False)
    #: Digests of the posts' records by docname (``build_catalog``).
    _post_digests: dict[str, str] = field(default_factory=dict, repr=False)

    @cached_property
    def published(self) -> tuple[str, ...]:
        """Docnames newest first without drafts: what leaves the site (feeds, the sitemap,
        posts.json, redirects, search). Drafts shown with ``bunko_show_drafts`` are a
        preview: they have pages and appear, marked, in lists, and nowhere else."""
        return tuple(name for name in self.newest if not self.posts[name].draft)

    def older(self, docname: str) -> str | None:
        position = self._position[docname] + 1
        return self.newest[position] if position < len(self.newest) else None

    def newer(self, docname: str) -> str | None:
        position = self._position[docname] - 1
        return self.newest[position] if position >= 0 else None

    def term_pagename(self, kind: str, key: str) -> str:
        return self.taxonomies[kind].pagename(key)

    def collisions(self) -> list[tuple[str, SlugCollision]]:
        return [(kind, collision) for kind, taxonomy in self.taxonomies.items()
                for collision in taxonomy.collisions]

    def post_page_fingerprint(self, docname: str) -> str:
        """What a post page shows besides its own text: when this changes, the page is
        written again although its source did not (a neighbour's title, a related post, the
        folder or label of one of its tags: a label is the oldest post's spelling, so another
        post can change it)."""
        post = self.posts[docname]
        neighbours = [(name, self.posts[name].title)
                      for name in (self.older(docname), self.newer(docname)) if name]
        related = [(name, self.posts[name].title, self.posts[name].date.isoformat())
                   for name in self.related.get(docname, ())]
        terms = [(self.term_pagename(kind, term.key), self.taxonomies[kind].terms[term.key].label)
                 for kind in KINDS for term in terms_of(post, kind)]
        return digest_of(neighbours, related, terms)

    def list_entry_key(self, docname: str) -> str:
        """A digest of everything a post list shows of one post: its record, and the folder
        and spelling of each of its terms (a term's label is the oldest post's spelling, so
        another post can change it). Made once per post per build, however many lists show
        the post, so a listing page can tell it is unchanged without being rendered."""
        key = self._list_entry_keys.get(docname)
        if key is None:
            post = self.posts[docname]
            terms = [(taxonomy.pagename(term.key), taxonomy.terms[term.key].label)
                     for kind, taxonomy in self.taxonomies.items()
                     for term in terms_of(post, kind) if term.key in taxonomy.terms]
            key = self._list_entry_keys[docname] = digest_of(self._post_digests[docname], terms)
        return key

    def listing_fingerprint(self, limit: int | None, per_page: int) -> str:
        """What a page with ``{bunko-posts}`` depends on: the newest ``limit`` posts (its
        longest list's) and the home listing's first page (a list without a limit shows
        it; ``read_doctree`` records such a list as 0, and the larger wins), and how many
        posts there are (the pager follows from that)."""
        shown = max(limit or 0, first_page_size(len(self.newest), per_page))
        return digest_of(len(self.newest),
                         [self.list_entry_key(name) for name in self.newest[:shown]])

    def sidebar_headings(self) -> tuple[tuple[str, str], ...]:
        """The sidebar's sections as every page shows them: each heading (a label name) and
        the index page it links to. Which sections a site has changes almost never (its first
        tag, its last author gone); their links and counts change with every post, so they
        are not here but in the sidebar's script (``sidebar.py``), which no page depends on."""
        return tuple((section.heading, section.pagename) for section in self.sidebar)

    def sidebar_fingerprint(self) -> str:
        """What every page shows of the sidebar: when this changes, every page is written
        again."""
        return digest_of(self.sidebar_headings())

    def home_categories(self) -> list[TermListing]:
        """The categories the home page shows as cards: most posts first, equal counts by
        name."""
        return self.taxonomies["categories"].by_count()[:HOME_CARDS]

    def home_cards_fingerprint(self, description: Callable[[str], str]) -> str:
        """What the home page's category cards show: each card's name, folder, number of
        posts, ``description(key)`` and newest post (title and date), and whether there are
        more categories than cards. The home page is written again when this changes."""
        cards = [(term.label, self.term_pagename("categories", term.key), term.count,
                  description(term.key), term.docnames[0], self.posts[term.docnames[0]].title,
                  self.posts[term.docnames[0]].date.isoformat())
                 for term in self.home_categories()]
        return digest_of(cards, len(self.taxonomies["categories"].terms))


def build_catalog(posts: dict[str, Post], folders: dict[str, str],
                  slug_style: str, documents: Iterable[str] = (),
                  known_related: tuple[str, dict[str, tuple[str, ...]]] | None = None,
                  signatures: Mapping[str, str] | None = None,
                  post_digests: dict[str, str] | None = None,
                  processes: int = 1,
                  earlier_related: Callable[[], RelatedState | None] = lambda: None) -> Catalog:
    """Every index at once. ``folders`` maps a taxonomy kind to its output folder;
    ``documents`` are the site's docnames, whose folders no term page may take;
    ``signatures`` are the posts' content signatures by docname (``related.py``);
    ``known_related`` is an earlier catalog's ``(related_key, related)``, reused when no
    post's order, terms or signature changed (a rebuild with no change, a new author);
    ``post_digests`` the posts' record digests from an earlier build, completed here, in
    place: before the environment that keeps them is saved (``collection.post_digests``);
    ``processes`` how many related posts may be computed in, and ``earlier_related`` the
    state an earlier build left, which they start from (``related_posts``)."""
    signatures = signatures or {}
    post_digests = post_digests if post_digests is not None else {}
    for name, post in posts.items():
        if name not in post_digests:
            post_digests[name] = digest_of(name, post)
    newest = sorted(posts.items(), key=lambda item: (-item[1].date.timestamp(), item[1].path))
    related_key = digest_of(related_version(), related_sources(newest, signatures))
    related_state = None
    if known_related is not None and known_related[0] == related_key:
        related = known_related[1]
    else:
        related_state = related_posts(newest, signatures, processes=processes,
                                      known=earlier_related())
        related = related_state.lists
    documents = list(documents)
    taxonomies = {kind: build_taxonomy(kind, folders[kind], newest, slug_style,
                                       _folders_used(documents, folders[kind]))
                  for kind in KINDS}
    archive = build_archive(newest)
    order = tuple(name for name, _post in newest)
    return Catalog(
        posts=dict(newest),
        newest=order,
        taxonomies=taxonomies,
        archive=archive,
        related=related,
        related_key=related_key,
        related_state=related_state,
        sidebar=_sidebar(taxonomies, archive),
        _position={name: position for position, name in enumerate(order)},
        _post_digests=post_digests,
    )


def _folders_used(documents: list[str], folder: str) -> frozenset[str]:
    """Names directly inside ``folder`` that documents use (``tags/ai/index`` → ``ai``)."""
    prefix = f"{folder}/"
    return frozenset(name[len(prefix):].split("/")[0] for name in documents
                     if name.startswith(prefix))


def _sidebar(taxonomies: dict[str, Taxonomy], archive: Archive) -> tuple[SidebarSection, ...]:
    """The site's sections for furo's sidebar: never every post (every page loads the
    sidebar's links, so their size is paid on every page view). Tags show the most used;
    categories and authors the most used too, listed by name."""
    sections = []
    for kind in ("categories", "tags", "archive", "authors"):
        if kind == "archive":
            if archive.months_by_year:
                sections.append(SidebarSection(
                    "archive", ARCHIVE_INDEX,
                    tuple(SidebarLink(str(year), year_pagename(year), archive.year_count(year))
                          for year in sorted(archive.months_by_year, reverse=True)),
                    more=False))
            continue
        taxonomy = taxonomies[kind]
        if not taxonomy.terms:
            continue
        shown = taxonomy.by_count()[:SIDEBAR_TERMS[kind]]
        if kind != "tags":
            shown.sort(key=lambda term: sort_key(term.label))
        sections.append(SidebarSection(
            kind, taxonomy.index_pagename,
            tuple(SidebarLink(term.label, taxonomy.pagename(term.key), term.count)
                  for term in shown),
            more=len(taxonomy.terms) > len(shown)))
    return tuple(sections)
