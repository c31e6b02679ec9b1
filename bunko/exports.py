"""``posts.json``: every published post as data, for other tools (a search service, a
newsletter, a migration). Drafts are never here, even when shown as a preview."""

from __future__ import annotations

from sphinx.application import Sphinx

from .catalog import Catalog
from .links import SiteLinks
from .output import OutputManifest, safe_json

POSTS_JSON = "posts.json"


def write_posts_json(app: Sphinx, catalog: Catalog, manifest: OutputManifest) -> None:
    links = SiteLinks(app)
    posts = []
    for docname in catalog.published:
        post = catalog.posts[docname]
        posts.append({
            "title": post.title,
            "url": links.from_file(POSTS_JSON, links.uri(docname)),
            "date": post.date.isoformat(),
            "categories": [term.label for term in post.categories],
            "tags": [term.label for term in post.tags],
            "authors": [term.label for term in post.authors],
            "excerpt": post.summary,
            "reading_minutes": post.minutes,
            "source": post.path,
        })
    # One post a line: readable and diffable, and each line made by json's C encoder
    # (``indent`` takes its Python one, 1 s at 10,000 posts).
    manifest.write(POSTS_JSON, '{"posts": [\n' + ",\n".join(safe_json(post) for post in posts)
                   + "\n]}\n")
