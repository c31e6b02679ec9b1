"""End to end: a whole Jekyll site moved in with ``bunko import`` and built, as a reader meets
it. Marked ``migration`` (``pytest -m migration``): each site is imported and built once for
the session, by ``bench/migration.py``, whose counts these tests hold to zero (conftest's
``migrated_vim_jp`` and ``migrated_18f``, which other modules' tests read too).

The same for vim-jp (Japanese, images, ``permalink: date``, ``redirect_from:``) and 18F
(English, no images in the corpus, plugin filters, ``{{ site.baseurl }}`` links, ``permalink:
pretty``): no page shows Liquid, every internal link and image leads to a file (what 18F's
corpus lacks is a warning instead, and its posts' links to each other resolve), every old
URL has a redirect page that leads to its post, and a browser following a sample of them
from ``file://`` lands on the post.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bunko.post import read_post
from conftest import migration

pytestmark = pytest.mark.migration

EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)
#: Each site's post URLs, as its _config.yml's permalink style makes them.
OLD_POST_URL = {
    "vim-jp": "/{categories}/{date:%Y/%m/%d}/{slug}.html",  # permalink: date
    "18f": "/{categories}/{date:%Y/%m/%d}/{slug}/",  # permalink: pretty
}
#: Old URLs followed in the browser, per site.
BROWSER_SAMPLE = 5
#: A heading's text without the "#" or "¶" link Sphinx and furo add to it.
_HEADING_TEXT = """heading => {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(link => link.remove());
    return copy.textContent.trim();
}"""


@pytest.fixture(scope="module")
def vim_jp(migrated_vim_jp):
    return migrated_vim_jp


@pytest.fixture(scope="module")
def eighteen_f(migrated_18f):
    return migrated_18f


@pytest.fixture(scope="module", params=["vim_jp", "eighteen_f"])
def migrated(request):
    return request.getfixturevalue(request.param)


def old_urls(migrated) -> dict[str, tuple[str, str]]:
    """Old URL → (the post page it must lead to, the post's title): each published post's
    URL (its own ``permalink:``, else its site's permalink style filled as Jekyll fills it:
    categories lower-cased, the date in UTC, the file name's slug) and every
    ``redirect_from:`` entry."""
    pattern = OLD_POST_URL[migrated.source.name]
    expected = {}
    for file in sorted((migrated.site / "posts").rglob("*.md")):
        relative = file.relative_to(migrated.site).as_posix()
        text = file.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        post = read_post(relative, text, zone=timezone.utc, file_time=EPOCH).post
        if post.draft:
            continue
        target = (relative.removesuffix(".md") + ".html", html.unescape(post.title))
        categories = "/".join(term.label.lower() for term in post.categories)
        # :title is the file name's slug in Jekyll's "pretty" slugify mode: runs of anything
        # but letters, digits and ._~!$&'()+,;=@ become "-".
        slug = re.sub(r"[^\w.~!$&'()+,;=@]+", "-", post.slug)
        url = post.permalink or pattern.format(categories=categories, date=post.date,
                                               slug=slug)
        expected[re.sub("/+", "/", url)] = target
        entries = post.extra.get("redirect_from") or []
        for entry in [entries] if isinstance(entries, str) else entries:
            expected[str(entry).strip()] = target
    return expected


def served_file(url: str) -> str:
    path = url.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def test_the_site_imports_and_builds(migrated):
    # 18F lacks its images, and its plugin filters have no Jekyll to run them: exit 1.
    assert migrated.imported.returncode == (0 if migrated.source.name == "vim-jp" else 1), (
        migrated.imported.stdout[-3000:])
    assert "Traceback" not in migrated.imported.stderr + migrated.built.stderr
    assert migrated.built.returncode == 0, migrated.built.stderr[-3000:]


def test_no_page_shows_liquid(migrated):
    assert migrated.scan.pages_with_liquid == []


def test_every_link_and_image_of_vim_jp_leads_to_a_file(vim_jp):
    assert vim_jp.scan.broken == []


def test_what_18f_lacks_is_warned_about(eighteen_f):
    """The 18F corpus has none of its images (nor the files links point at next to them):
    each one a page misses is named by a build warning, no link leads nowhere in silence."""
    unwarned = [item for item in eighteen_f.scan.broken
                if Path(item.url.split("?")[0].rstrip("/")).name not in eighteen_f.built.stderr]
    assert unwarned == [], f"{len(unwarned)}: {unwarned[:5]}"


def test_every_old_url_has_a_redirect_to_its_post(migrated):
    expected = old_urls(migrated)
    assert len(expected) > 100
    wrong = {url: (migrated.scan.redirects.get(served_file(url), "no redirect page"), page)
             for url, (page, _title) in expected.items()
             if migrated.scan.redirects.get(served_file(url)) != page}
    assert not wrong, f"{len(wrong)} of {len(expected)}: {list(wrong.items())[:5]}"


def test_old_urls_followed_from_disk_land_on_the_post(migrated, browser_page):
    expected = sorted(old_urls(migrated).items())
    step = max(1, len(expected) // BROWSER_SAMPLE)
    for url, (page, title) in expected[::step][:BROWSER_SAMPLE]:
        redirect = migrated.html / served_file(url)
        assert redirect.is_file(), f"no redirect page for {url}"
        browser_page.goto(redirect.as_uri())
        browser_page.wait_for_url(lambda address, page=page: address.endswith(page))
        assert browser_page.locator("h1").first.evaluate(_HEADING_TEXT) == title


#: A link to a post in 18F's Markdown or HTML, as written: its old URL, after
#: ``{{ site.baseurl }}``, the site's address or nothing.
_POST_LINK = re.compile(r"(?:\]\(|href=[\"'])\s*(?:\{\{\s*site\.baseurl\s*\}\}|"
                        r"https?://18f\.gsa\.gov)?/(\d{4})/(\d{2})/(\d{2})/([\w.-]+?)/?"
                        r"(?:#[^)\"'\s]*)?[)\"']")


def test_18f_links_from_post_to_post_resolve(eighteen_f):
    migrated = eighteen_f
    published = {page for page, _title in old_urls(migrated).values()}
    unresolved = []
    checked = 0
    for page in sorted(published):
        text = (migrated.site / page).with_suffix(".md").read_text("utf-8")
        targets = {f"posts/{'-'.join(match.group(1, 2, 3))}-{match.group(4)}.html"
                   for match in _POST_LINK.finditer(text)} & published
        if not targets:
            continue
        shown = migration.read_page(migrated.html, page)
        resolved = {migration.resolve(migrated.html, page, url)[0] for tag, url in shown.urls
                    if tag == "a"}
        checked += len(targets)
        unresolved += [(page, target) for target in sorted(targets - resolved)]
    assert checked > 20
    assert unresolved == [], f"{len(unresolved)} of {checked}: {unresolved[:5]}"
