"""No post can take a file another part of the build writes: a redirect (from ``permalink:``
or ``redirect_from:``) over Sphinx's pages, bunko's feeds and exports, a listing page or an
older post's redirect is refused with one warning naming the post, the path and its owner."""

from __future__ import annotations

from conftest import sphinx_build
from hostile_inputs import new_site

#: Output path → what must still be there, written by its owner.
TAKEN = {
    "search.html": "search-results", "genindex.html": "genindex", "404.html": "404",
    "atom.xml": "<feed", "rss.xml": "<rss", "sitemap.xml": "<urlset",
    "robots.txt": "User-agent", "posts.json": '"title"', "tags/ai/index.html": "bunko",
    "tags/ai/atom.xml": "<feed",
}


def test_redirects_never_replace_a_file_another_part_writes(tmp_path):
    posts = new_site(tmp_path, conf='html_baseurl = "https://example.org/"\n')
    (posts / "2026-01-01-owner.md").write_text(
        "---\ntitle: Owner\ntags: [AI]\nredirect_from: [/old/shared.html]\n---\n\nBody.\n",
        "utf-8")
    for number, path in enumerate(TAKEN, start=2):
        (posts / f"2026-01-{number:02d}-p{number}.md").write_text(
            f"---\ntitle: P{number}\npermalink: /{path}\n---\n\nBody.\n", "utf-8")
    (posts / "2026-02-01-late.md").write_text(
        "---\ntitle: Late\nredirect_from: /old/shared.html\n---\n\nBody.\n", "utf-8")
    result = sphinx_build(tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "_build" / "html"
    for path, mark in TAKEN.items():
        text = (out / path).read_text("utf-8")
        assert mark in text and 'http-equiv="refresh"' not in text, path
    warnings = [line for line in result.stderr.splitlines() if "[bunko.redirect]" in line]
    for number, path in enumerate(TAKEN, start=2):
        (warning,) = [w for w in warnings if f"2026-01-{number:02d}-p{number}" in w]
        assert f"would replace {path}, which is" in warning
    (late,) = [w for w in warnings if "2026-02-01-late" in w]
    assert "the redirect to posts/2026-01-01-owner" in late
    assert "posts/2026-01-01-owner" in (out / "old/shared.html").read_text("utf-8")
    assert sphinx_build(tmp_path, "-W", out=tmp_path / "strict").returncode != 0
