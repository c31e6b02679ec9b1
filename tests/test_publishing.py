"""Ready to host: feeds, sitemap, social meta, redirects for old links, posts.json, the 404
page, and the hosting recipes — with and without ``html_baseurl``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import copy_root, sphinx_build

BASE = "https://example.org/kb/"
REPO = Path(__file__).resolve().parents[1]
POSTS = {"最初の記事", "Second post", "三番目"}


def build(tmp_path_factory, *options: str) -> tuple[Path, str]:
    source = copy_root("publishing", tmp_path_factory.mktemp("publishing"))
    result = sphinx_build(source, *options)
    assert result.returncode == 0, result.stderr[-3000:]
    return source / "_build" / "html", result.stderr


@pytest.fixture(scope="module")
def hosted(tmp_path_factory) -> Path:
    return build(tmp_path_factory, "-D", f"html_baseurl={BASE}")[0]


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> tuple[Path, str]:
    return build(tmp_path_factory, "-W")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_site_feed_is_atom_newest_first_without_drafts(hosted):
    feed = feedparser.parse((hosted / "atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    titles = [entry.title for entry in feed.entries]
    assert titles == ["三番目", "Second post"]  # bunko_feed_length = 2, newest first
    assert all(entry.link.startswith(BASE) for entry in feed.entries)
    assert feed.feed.link == BASE + "index.html"


def test_feeds_keep_time_zones_authors_categories_and_summary(hosted):
    feed = feedparser.parse((hosted / "categories/ニュース/atom.xml").read_bytes())
    assert not feed.bozo
    (entry,) = feed.entries
    assert entry.published == "2026-01-10T09:00:00+09:00"
    assert entry.author == "編集部"
    assert {tag.label for tag in entry.tags} == {"ニュース", "AI"}
    second = feedparser.parse((hosted / "tags/クラウド/atom.xml").read_bytes()).entries[1]
    assert second.published == "2026-01-12T19:00:00+09:00"
    assert second.summary == "The second one"  # the excerpt as text, as in <meta>


def test_every_page_links_the_site_feed_and_term_pages_their_own(hosted):
    post = soup(hosted / "posts/2026-01-10-first.html")
    assert [link["href"] for link in post.select('link[type="application/atom+xml"]')] == [
        "../atom.xml"]
    tag = soup(hosted / "tags/ai/index.html")
    hrefs = [link["href"] for link in tag.select('link[type="application/atom+xml"]')]
    assert hrefs == ["../../atom.xml", "atom.xml"]
    assert tag.select_one("a.bunko-feed")["href"] == "atom.xml"


def test_rss_feed(hosted):
    feed = feedparser.parse((hosted / "rss.xml").read_bytes())
    assert not feed.bozo and feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == ["三番目", "Second post"]


def test_drafts_are_in_no_published_file(hosted):
    for path in hosted.rglob("*"):
        if path.suffix in (".xml", ".json", ".txt", ".html") and path.is_file():
            assert "Draft secret" not in path.read_text("utf-8", "replace"), path


def test_sitemap_lists_every_page_under_the_base(hosted):
    tree = soup(hosted / "sitemap.xml")
    urls = {loc.get_text(): url.find("lastmod") for url in tree.find_all("url")
            for loc in [url.find("loc")]}
    assert all(url.startswith(BASE) for url in urls)
    assert BASE + "posts/2026-01-10-first.html" in urls
    assert urls[BASE + "posts/2026-01-10-first.html"].get_text() == "2026-01-10T09:00:00+09:00"
    assert BASE + "tags/ai/index.html" in urls and BASE + "archive/index.html" in urls
    assert not any("draft" in url for url in urls)
    robots = (hosted / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots


def test_post_page_has_canonical_and_social_meta(hosted):
    page = soup(hosted / "posts/2026-01-12-second.html")

    def meta(name: str) -> list[str]:
        return [tag["content"] for tag in page.find_all("meta", property=name)]

    assert page.find("link", rel="canonical")["href"] == BASE + "posts/2026-01-12-second.html"
    assert meta("og:title") == ["Second post"]
    assert meta("og:description") == ["The second one"]
    assert meta("og:url") == [BASE + "posts/2026-01-12-second.html"]
    assert meta("og:type") == ["article"]
    assert meta("article:published_time") == ["2026-01-12T19:00:00+09:00"]
    assert meta("article:tag") == ["AI", "クラウド"]
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"


def redirect_target(redirect: Path) -> Path:
    refresh = soup(redirect).find("meta", attrs={"http-equiv": "refresh"})["content"]
    url = refresh.split("url=", 1)[1]
    return (redirect.parent / unquote(urlsplit(url).path)).resolve()


@pytest.mark.parametrize(("old_path", "post"), [
    ("2026/01/first-post/index.html", "2026-01-10-first"),          # permalink
    ("blog/2026/third.html", "2026-01-14-third"),                   # permalink with placeholders
    ("ニュース/2026/01/10/first.html", "2026-01-10-first"),          # Jekyll's default URL
    ("news/2026/01/12/second.html", "2026-01-12-second"),
])
def test_old_links_redirect_to_the_post(hosted, old_path, post):
    redirect = hosted / old_path
    assert redirect.is_file()
    assert redirect_target(redirect) == (hosted / f"posts/{post}.html").resolve()
    canonical = soup(redirect).find("link", rel="canonical")["href"]
    assert canonical == f"{BASE}posts/{post}.html"


def test_redirect_works_in_the_browser_from_disk(hosted, browser_page):
    browser_page.goto((hosted / "2026/01/first-post/index.html").as_uri())
    browser_page.wait_for_url(re.compile(r".*/posts/2026-01-10-first\.html$"))
    assert browser_page.locator("h1").first.inner_text().startswith("最初の記事")


def test_posts_json_matches_the_posts(hosted):
    text = (hosted / "posts.json").read_text("utf-8")
    data = json.loads(text)
    # One post a line, so that a change of one post is a change of one line.
    assert [json.loads(line.rstrip(",")) for line in text.splitlines()[1:-1]] == data["posts"]
    assert [post["title"] for post in data["posts"]] == ["三番目", "Second post", "最初の記事"]
    second = data["posts"][1]
    assert second == {
        "title": "Second post", "url": BASE + "posts/2026-01-12-second.html",
        "date": "2026-01-12T19:00:00+09:00", "categories": ["News"],
        "tags": ["AI", "クラウド"], "authors": [], "excerpt": "The second one",
        "reading_minutes": 1, "source": "posts/2026-01-12-second.md",
    }


def test_not_found_page_links_work_at_any_depth(hosted):
    page = soup(hosted / "404.html")
    assert page.h1.get_text() == "ページが見つかりません"
    links = [a["href"] for a in page.select(".bunko-sections a")]
    assert links and all(link.startswith("/kb/") for link in links)
    styles = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert all(href.startswith("/kb/_static/") for href in styles)


def test_without_a_base_url_nothing_is_absolute_and_nothing_warns(local):
    out, stderr = local
    assert "WARNING" not in stderr
    assert not (out / "sitemap.xml").exists() and not (out / "robots.txt").exists()
    for path in out.rglob("*"):
        if path.suffix not in (".html", ".xml", ".json") or "_static" in path.parts:
            continue
        text = path.read_text("utf-8")
        urls = re.findall(r'\s(?:href|src|content)="([^"]+)"|<loc>([^<]+)<|"url": "([^"]+)"', text)
        absolute = [u for group in urls for u in group if "://" in u]
        external = ("https://www.sphinx-doc.org/", "https://github.com/pradyunsg/furo",
                    "https://pradyunsg.me")  # furo's footer credits
        assert [u for u in absolute if not u.startswith(external)] == [], path
    feed = feedparser.parse((out / "atom.xml").read_bytes())
    assert not feed.bozo and feed.entries[0].id.startswith("urn:uuid:")
    assert json.loads((out / "posts.json").read_text("utf-8"))["posts"][0]["url"] == (
        "posts/2026-01-14-third.html")


def test_unsafe_permalinks_are_refused_with_a_warning(tmp_path):
    source = copy_root("publishing", tmp_path)
    post = source / "posts" / "2026-01-14-third.md"
    post.write_text(post.read_text("utf-8").replace("/blog/:year/:title.html", "../../etc/x"),
                    "utf-8")
    (source / "posts" / "2026-01-16-steal.md").write_text(
        "---\ntitle: Steal\ndate: 2026-01-16\npermalink: /index.html\n---\nx\n", "utf-8")
    result = sphinx_build(source, "-D", f"html_baseurl={BASE}")
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert any("2026-01-14-third.md" in w and "'../../etc/x'" in w for w in warnings)
    assert any("2026-01-16-steal.md" in w and "index.html" in w for w in warnings)
    assert not (tmp_path / "etc").exists() and not (source / "etc").exists()
    home = (source / "_build/html/index.html").read_text("utf-8")
    assert "http-equiv" not in home


def test_read_the_docs_config_builds_conf_py_with_the_project():
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text("utf-8"))
    assert config["version"] == 2
    assert config["build"]["os"] and config["build"]["tools"]["python"]
    assert config["sphinx"]["configuration"] == "conf.py"
    assert {"method": "pip", "path": "."} in config["python"]["install"]


def test_ci_workflow_runs_the_readme_test_command():
    workflow = yaml.safe_load((REPO / ".github/workflows/ci.yml").read_text("utf-8"))
    on = workflow.get("on", workflow.get(True))
    assert "push" in on and "pull_request" in on
    assert workflow["permissions"] == {"contents": "read"}
    runs = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    assert "bash .ci/run" in runs
    assert "make test" in (REPO / ".ci/run").read_text("utf-8")


def test_github_pages_workflow_builds_with_make_and_deploys():
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text("utf-8"))
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare "on" as True
    assert "push" in on
    # Each job holds only what it needs: the build reads the repository, the deploy writes
    # Pages.
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["build"]["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "make html" in runs and "html_baseurl" in runs
    upload = next(step for step in steps if "upload-pages-artifact" in step.get("uses", ""))
    assert upload["with"]["path"] == "_build/html"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert any("deploy-pages" in step.get("uses", "") for step in deploy["steps"])


def test_full_content_feeds_carry_the_body_with_working_links(tmp_path_factory):
    out, _ = build(tmp_path_factory, "-D", "bunko_feed_full_content=1")
    feed = feedparser.parse((out / "categories/ニュース/atom.xml").read_bytes())
    content = feed.entries[0].content[0].value
    assert "本文です。" in content and "bunko-post-meta" not in content
    link = next(a["href"] for a in BeautifulSoup(content, "html.parser").find_all("a")
                if not a["href"].startswith("#"))
    assert (out / "categories/ニュース" / unquote(link)).resolve() == (
        out / "posts/2026-01-12-second.html").resolve()
