"""Listings at the edges: no posts, one post, English labels, ASCII slugs, sphinx-tags'
option names, and term names that collide once made into folder names."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from conftest import sphinx_build

CONF = 'extensions = ["bunko"]\nhtml_theme = "furo"\nproject = "edge"\n'


def make_site(root: Path, posts: dict[str, str], conf: str = "") -> Path:
    (root / "posts").mkdir(parents=True)
    (root / "conf.py").write_text(CONF + conf, "utf-8")
    (root / "index.md").write_text("# Home\n\n```{bunko-posts}\n```\n", "utf-8")
    for name, text in posts.items():
        (root / "posts" / name).write_text(text, "utf-8")
    return root


def build(root: Path, *options: str) -> tuple[Path, list[str]]:
    result = sphinx_build(root, *options)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "_build" / "html", [line for line in result.stderr.splitlines()
                                      if "WARNING" in line]


def read(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / f"{name}.html").read_text("utf-8"), "html.parser")


def post(title: str, tags: str = "[]", extra: str = "", date: str = "2026-01-01") -> str:
    return f"---\ntitle: {title}\ndate: {date}\ntags: {tags}\n{extra}---\n\n本文。\n"


def test_a_site_without_posts_builds_clean(tmp_path):
    out, warnings = build(make_site(tmp_path, {}, 'language = "ja"\n'), "-W")
    assert warnings == []
    home = read(out, "index")
    assert home.select_one(".bunko-no-posts").get_text() == "記事はまだありません。"
    assert not (out / "tags").exists() and not (out / "archive").exists()
    assert not (out / "page").exists()
    assert home.select(".bunko-sections .caption") == []


def test_a_site_with_one_post(tmp_path):
    site = make_site(tmp_path, {"2026-01-01-only.md": post("Only", "[solo]")}, 'language = "ja"\n')
    out, warnings = build(site, "-W")
    assert warnings == []
    page = read(out, "posts/2026-01-01-only")
    assert page.select_one(".bunko-neighbours") is None
    assert page.select_one(".bunko-related") is None
    tag = read(out, "tags/solo/index")
    assert "全1件" in tag.get_text() and tag.select_one(".bunko-pager") is None
    assert not (out / "page").exists()
    assert (out / "archive/2026/01/index.html").is_file()


def test_english_labels(tmp_path):
    site = make_site(tmp_path, {
        "2026-01-01-a.md": post("First", "[Search]", "author: Jane\n"),
        "2026-01-02-b.md": post("Second", "[Search]", "author: Jane\n", "2026-01-02"),
    }, 'language = "en"\n')
    out, _ = build(site)
    tag = read(out, "tags/search/index")
    assert tag.h1.get_text() == "Tag: Search"
    assert "2 posts" in tag.select_one(".bunko-listing-count").get_text()
    page = read(out, "posts/2026-01-01-a")
    assert page.select_one(".bunko-next .bunko-neighbour-label").get_text() == "Next post"
    assert page.select_one(".bunko-related h2").get_text() == "Related posts"
    sidebar = [p.get_text() for p in page.select(".bunko-sections .caption")]
    assert sidebar == ["Tags", "Archive", "Authors"]
    assert read(out, "archive/2026/index").h1.get_text() == "2026"
    assert read(out, "archive/2026/01/index").h1.get_text() == "January 2026"


def test_ascii_slugs(tmp_path):
    site = make_site(tmp_path, {"2026-01-01-a.md": post("A", "[データベース, AI]")},
                     'bunko_slug = "ascii"\n')
    out, _ = build(site)
    names = sorted(p.name for p in (out / "tags").iterdir() if p.is_dir())
    assert all(name.isascii() for name in names)
    assert "ai" in names and any(name.startswith("xn--") for name in names)
    link = read(out, "posts/2026-01-01-a").select(".bunko-tag")[0]["href"]
    assert link.isascii()


def test_sphinx_tags_option_names(tmp_path):
    site = make_site(tmp_path, {"2026-01-01-a.md": post("A", "[AI]")},
                     'extensions.append("sphinx_tags")\ntags_output_dir = "topics"\n'
                     'tags_page_title = "Topic"\ntags_overview_title = "All topics"\n'
                     'tags_intro_text = "Topics:"\n')
    (site / "posts" / "2026-01-01-a.md").write_text(
        post("A", "[AI]") + "\n```{tags} extra\n```\n", "utf-8")
    out, warnings = build(site, "-W")
    assert warnings == []
    assert read(out, "topics/ai/index").h1.get_text() == "Topic: AI"
    assert read(out, "topics/index").h1.get_text() == "All topics"
    directive = read(out, "posts/2026-01-01-a").select_one(".bunko-directive-tags")
    assert directive.select_one(".bunko-tags-intro").get_text() == "Topics:"
    assert directive.a["href"] == "../topics/extra/index.html"
    assert not (out / "tags").exists() and not (site / "topics").exists()


def test_folder_name_collisions_get_suffixes_and_a_warning(tmp_path):
    site = make_site(tmp_path, {"2026-01-01-a.md": post("A", '["a b", "a-b", "a/b"]')})
    out, warnings = build(site)
    assert sorted(p.name for p in (out / "tags").iterdir() if p.is_dir()) == [
        "a-b", "a-b-2", "a-b-3"]
    assert len(warnings) == 1 and "share the folder name 'a-b'" in warnings[0]
    result = sphinx_build(site, "-W", "-E")
    assert result.returncode != 0


def test_a_busy_year_page_shows_one_page_per_month_and_links_the_rest(tmp_path):
    posts = {f"2026-03-{day:02d}-p.md": post(f"Post {day}", "[x]", date=f"2026-03-{day:02d}")
             for day in range(1, 16)}
    out, _ = build(make_site(tmp_path, posts, 'language = "ja"\nbunko_posts_per_page = 10\n'))
    year = read(out, "archive/2026/index")
    assert len(year.select(".bunko-compact-list li time")) == 10
    more = year.select_one(".bunko-compact-list .bunko-more a")
    assert more.get_text() == "ほか5件 →" and more["href"] == "03/index.html"
