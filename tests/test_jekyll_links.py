"""An imported Jekyll site's links, images and old URLs lead where their author meant.

The root ``test-jekyll-links`` has a ``jekyll/_config.yml`` (custom ``permalink``, ``url``,
``baseurl``), static files under ``jekyll/assets/`` and posts that link in every form Jekyll
wrote: its permalink pattern, its default, dated paths, relative, with host and baseurl,
percent-encoded, with fragment and query, ``permalink:``, ``redirect_from:``, MyST source
paths, the home page; in Markdown and raw HTML; images present and missing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import copy_root, shared_corpus, sphinx_build

LINKS = "posts/2022-07-21-links.html"
TARGET = "2022-07-20-日本語の記事.html"
OLD = "https://old.example.org"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "WARNING" in line]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[str]]:
    source = copy_root("jekyll-links", tmp_path_factory.mktemp("links"))
    result = sphinx_build(source)
    assert result.returncode == 0, result.stderr[-3000:]
    return source / "_build" / "html", warnings_of(result.stderr)


def links_by_text(page: BeautifulSoup) -> dict[str, str]:
    return {a.get_text().strip(): unquote(a["href"]) for a in page.select("article a[href]")
            if "headerlink" not in (a.get("class") or [])}


@pytest.mark.parametrize(("text", "href"), [
    ("pattern", TARGET),                    # the site's permalink, baseurl in front
    ("default", TARGET),                    # Jekyll's default, without baseurl
    ("dated", TARGET),                      # /YYYY/MM/DD/slug/ without categories
    ("encoded", TARGET),                    # a percent-encoded Japanese slug, no suffix
    ("absolute", f"{TARGET}#section"),      # host + baseurl + .html + fragment
    ("relative", TARGET),                   # ../../20/slug/ against the post's old URL
    ("query", TARGET),                      # ?utm=x dropped for a page
    ("permalink", "2020-01-01-moved.html"),  # a post's own permalink:
    ("redirect_from", "2020-01-01-moved.html"),  # www. host, one of its redirect_from:
    ("home", "../index.html"),
    ("home page", "../index.html"),
    ("pdf", "../assets/files/guide.pdf"),   # a static file, relative to the page
    ("same slug", "2018-02-02-same.html"),  # two posts share a slug: the date decides
    ("gone", f"{OLD}/blog/no/such/page/"),  # not in the archive: the old site
    ("external", "https://example.com/x"),  # another site: as written
])
def test_markdown_links_in_every_jekyll_form_lead_where_they_meant(built, text, href):
    out, _warnings = built
    assert links_by_text(soup(out / LINKS))[text] == href


@pytest.mark.parametrize(("text", "href"), [
    ("raw post", f"{TARGET}#section"),
    ("raw source", TARGET),                 # what {% post_url %} renders, in raw HTML
    ("raw gone", f"{OLD}/blog/gone.html"),
    ("raw pdf", "../assets/files/guide.pdf?dl=1"),  # inline HTML keeps its query
    ("link to new", f"{OLD}/blog/2022/07/23/later/"),
])
def test_raw_html_links_lead_where_they_meant(built, text, href):
    out, _warnings = built
    page = soup(out / LINKS)
    anchors = {a.get_text().strip(): unquote(a["href"]) for a in page.select("article a")}
    assert anchors[text] == href


def test_raw_html_around_a_url_is_kept_as_written(built):
    out, _warnings = built
    html = (out / LINKS).read_text("utf-8")
    assert f"<a href='{OLD}/blog/gone.html' class=\"x\">raw gone</a>" in html
    assert '<img src="../assets/images/present.png" alt="raw present">' in html


def test_images_of_static_files_are_copied_and_shown(built):
    out, _warnings = built
    page = soup(out / LINKS)
    sources = [unquote(img["src"]) for img in page.select("article img")]
    assert sources == ["../assets/images/present.png", "../assets/images/写真.png",
                       "../assets/images/present.png"]
    assert (out / "assets/images/present.png").read_bytes().startswith(b"\x89PNG")
    assert (out / "assets/images/写真.png").is_file()
    assert (out / "assets/files/guide.pdf").read_text() == "guide\n"
    nested = soup(out / "posts/nested/2022-07-22-nested.html")
    assert [unquote(img["src"]) for img in nested.select("article img")] == [
        "../../assets/images/present.png"] * 2
    assert links_by_text(nested)["pdf"] == "../../assets/files/guide.pdf"
    assert links_by_text(nested)["post"] == f"../{TARGET}"
    assert not (out / "_images").exists(), "static images are not copied twice"


def test_missing_images_show_a_labelled_placeholder_linking_the_original(built):
    out, _warnings = built
    placeholders = soup(out / LINKS).select("article .bunko-missing-image")
    assert [box.get_text(" ", strip=True) for box in placeholders] == [
        "画像がありません missing.png", "画像がありません raw-missing.png"]
    assert [box.a["href"] for box in placeholders] == [
        f"{OLD}/blog/assets/images/missing.png", f"{OLD}/assets/images/raw-missing.png"]
    css = Path(__file__).parents[1].joinpath("bunko/static/bunko.css").read_text("utf-8")
    assert ".bunko-missing-image {" in css and "var(--color-background-secondary)" in css


def test_every_url_leading_nowhere_is_one_warning_with_file_and_line(built):
    _out, warnings = built
    link_warnings = sorted(re.sub(r"^.*/posts/", "posts/", line).split(": WARNING: ")[0]
                           + " " + re.findall(r"'([^']*)'", line)[0]
                           for line in warnings if "[bunko.link]" in line)
    assert link_warnings == [
        "posts/2022-07-21-links.md:18 /blog/no/such/page/",
        "posts/2022-07-21-links.md:26 /blog/assets/images/missing.png",
        "posts/2022-07-21-links.md:31 /assets/images/raw-missing.png",
        "posts/2022-07-21-links.md:32 /blog/gone.html",
        "posts/2022-07-21-links.md:34 /blog/2022/07/23/later/",
    ]
    assert any("leads to the old site, https://old.example.org/blog/gone.html" in line
               for line in warnings)
    # Neither Sphinx nor MyST complain about what bunko resolved.
    assert not [line for line in warnings if "not readable" in line or "myst" in line]


def redirect_target(redirect: Path) -> Path:
    refresh = soup(redirect).find("meta", attrs={"http-equiv": "refresh"})["content"]
    return (redirect.parent / unquote(urlsplit(refresh.split("url=", 1)[1]).path)).resolve()


@pytest.mark.parametrize(("old_path", "post"), [
    ("news/2022/07/20/日本語の記事/index.html", "2022-07-20-日本語の記事"),  # the site's permalink
    ("2018/01/01/same/index.html", "2018-01-01-same"),           # no category: no folder
    ("about-moved/index.html", "2020-01-01-moved"),              # permalink: replaces it
    ("older/index.html", "2020-01-01-moved"),                    # redirect_from: (a list)
    ("shared/index.html", "2019-01-01-first-claim"),             # redirect_from: (a string)
])
def test_old_urls_redirect_to_their_post(built, old_path, post):
    out, _warnings = built
    assert redirect_target(out / old_path) == (out / f"posts/{post}.html").resolve()


def test_a_permalink_replaces_the_site_pattern(built):
    out, _warnings = built
    assert not (out / "2020/01/01/moved/index.html").exists()


def test_two_posts_claiming_one_path_the_older_keeps_it(built):
    _out, warnings = built
    claims = [line for line in warnings if "shared/index.html" in line]
    assert len(claims) == 1
    assert "2019-06-01-second-claim.md" in claims[0]
    assert "the redirect to posts/2019-01-01-first-claim" in claims[0]


def test_redirect_to_makes_the_post_a_redirect(built):
    out, _warnings = built
    internal = out / "posts/2021-01-01-redirected.html"
    assert redirect_target(internal) == (out / f"posts/{TARGET}").resolve()
    notice = soup(internal).select_one(".bunko-moved")
    assert notice.get_text().startswith("この記事は移動しました")
    assert unquote(notice.a["href"]) == TARGET
    external = soup(out / "posts/2021-02-02-external.html")
    refresh = external.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == "0; url=https://example.com/new"


@pytest.mark.parametrize(("name", "owner"), [
    ("index.html", "the page index"),
    ("atom.xml", "bunko's atom.xml"),
    ("old/path.html", "the redirect to posts/2020-01-01-moved"),
])
def test_static_files_never_replace_what_the_build_writes(built, name, owner):
    out, warnings = built
    refused = [line for line in warnings if f"jekyll/{name}:" in line]
    assert len(refused) == 1 and owner in refused[0] and "not copied" in refused[0]
    assert "old home" not in (out / "index.html").read_text("utf-8")
    assert "<feed/>" not in (out / "atom.xml").read_text("utf-8")
    assert "http-equiv" in (out / "old/path.html").read_text("utf-8")


def test_the_same_doctrees_serve_dirhtml(built, tmp_path):
    out, _warnings = built
    source = out.parents[1]
    dirhtml = tmp_path / "dirhtml"
    result = sphinx_build(source, "-b", "dirhtml", "-d", str(out / ".doctrees"), out=dirhtml)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "0 added, 0 changed, 0 removed" in result.stdout  # the html build's doctrees
    page = soup(dirhtml / "posts/2022-07-21-links/index.html")
    links = links_by_text(page)
    assert links["pdf"] == "../../assets/files/guide.pdf"
    assert links["pattern"] == "../2022-07-20-日本語の記事/"
    assert unquote(page.select_one("article img")["src"]) == "../../assets/images/present.png"
    assert (dirhtml / "assets/images/present.png").is_file()


# --- incremental builds equal clean builds -------------------------------------------

def article_html(out: Path) -> dict[str, str]:
    """Every post page's article, and the files of the output besides Sphinx's own."""
    pages = {str(path.relative_to(out)): str(soup(path).select_one("article"))
             for path in sorted((out / "posts").rglob("*.html"))}
    files = sorted(str(path.relative_to(out)) for path in out.rglob("*")
                   if path.is_file() and not path.relative_to(out).parts[0].startswith(
                       ("_", ".")))
    return {**pages, "files": "\n".join(files)}


def clean_build(source: Path, tmp_path: Path) -> dict[str, str]:
    clean = tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(source, clean, ignore=shutil.ignore_patterns("_build"))
    assert sphinx_build(clean).returncode == 0
    return article_html(clean / "_build" / "html")


def test_incremental_builds_follow_added_removed_and_renamed_targets(tmp_path):
    source = copy_root("jekyll-links", tmp_path / "site")
    out = source / "_build" / "html"
    assert sphinx_build(source, "-j", "2").returncode == 0
    assert links_by_text(soup(out / LINKS))["link to new"].startswith(OLD)

    # A post appears at a URL an old post linked to: the old post now links to it.
    (source / "posts/2022-07-23-later.md").write_text(
        "---\ntitle: Later\ncategory: News\n---\n\nLater.\n", "utf-8")
    # An image that was missing is imported; a static file goes away.
    shutil.copy(source / "jekyll/assets/images/present.png",
                source / "jekyll/assets/images/missing.png")
    (source / "jekyll/assets/files/guide.pdf").unlink()
    assert sphinx_build(source, "-j", "2").returncode == 0
    page = soup(out / LINKS)
    assert links_by_text(page)["link to new"] == "2022-07-23-later.html"
    assert "../assets/images/missing.png" in [unquote(img["src"])
                                              for img in page.select("article img")]
    assert not (out / "assets/files/guide.pdf").exists()
    assert article_html(out) == clean_build(source, tmp_path)

    # The target of most links goes away, and a permalink moves.
    (source / "posts/2022-07-20-日本語の記事.md").unlink()
    moved = source / "posts/2020-01-01-moved.md"
    moved.write_text(moved.read_text("utf-8").replace("/about-moved/", "/elsewhere/"), "utf-8")
    assert sphinx_build(source, "-j", "2").returncode == 0
    links = links_by_text(soup(out / LINKS))
    assert links["pattern"] == f"{OLD}/blog/news/2022/07/20/日本語の記事/"
    assert links["permalink"] == f"{OLD}/blog/about-moved/"
    assert not (out / "about-moved/index.html").exists()
    assert redirect_target(out / "elsewhere/index.html") == (
        out / "posts/2020-01-01-moved.html").resolve()
    assert article_html(out) == clean_build(source, tmp_path)


def test_a_rebuild_without_changes_reads_nothing(tmp_path):
    source = copy_root("jekyll-links", tmp_path / "site")
    assert sphinx_build(source).returncode == 0
    again = sphinx_build(source)
    assert again.returncode == 0
    assert "0 added, 0 changed, 0 removed" in again.stdout
    # The warnings of the first build are all said again.
    assert len([line for line in warnings_of(again.stderr) if "[bunko.link]" in line]) == 5


# --- the vim-jp site as a whole ------------------------------------------------------

@pytest.fixture(scope="module")
def vim_jp(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    """vim-jp imported by hand as ``bunko import`` lays a site out: posts in posts/, its
    _config.yml, _data, _includes and assets in jekyll/."""
    corpus = shared_corpus("corpora", "vim-jp")
    site = tmp_path_factory.mktemp("vim-jp-site") / "site"
    site.mkdir()
    (site / "conf.py").write_text('extensions = ["bunko"]\nhtml_theme = "furo"\n'
                                  'language = "ja"\nproject = "vim-jp"\n', "utf-8")
    (site / "index.md").write_text("# vim-jp\n\n```{bunko-posts}\n```\n", "utf-8")
    shutil.copytree(corpus / "_posts", site / "posts")
    (site / "jekyll").mkdir()
    shutil.copy(corpus / "_config.yml", site / "jekyll/_config.yml")
    for folder in ("_data", "_includes", "assets"):
        shutil.copytree(corpus / folder, site / "jekyll" / folder)
    result = sphinx_build(site, "-j", "auto")
    assert result.returncode == 0, result.stderr[-3000:]
    return corpus, site / "_build" / "html", warnings_of(result.stderr)


def test_vim_jp_has_no_broken_internal_link_or_image(vim_jp):
    _corpus, out, warnings = vim_jp
    broken, kept = [], []
    for page in sorted((out / "posts").rglob("*.html")):
        for tag in soup(page).select("[href], [src]"):
            url = tag.get("href") or tag.get("src")
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith("#"):
                continue
            if url.startswith("/"):
                kept.append(url)  # a page the archive lacks, kept as written (no url known)
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append((str(page.relative_to(out)), url))
    assert broken == []
    warned = [line for line in warnings if "[bunko.link]" in line]
    assert sorted(kept) == sorted(re.findall(r"link '([^']+)'", " ".join(warned)))
    images = [tag["src"] for page in (out / "posts").rglob("*.html")
              for tag in soup(page).select("article img") if "://" not in tag["src"]]
    assert len(images) >= 40  # /assets/images/..., now files of the archive (checked above)
    assert not [line for line in warnings if "image" in line and "[bunko.link]" in line]


def _old_urls(corpus: Path) -> dict[str, str]:
    """Every old URL of vim-jp's posts as Jekyll made it (permalink: date, the category
    in front) and every redirect_from path, → the post's docname."""
    import yaml

    urls = {}
    for path in sorted((corpus / "_posts").rglob("*.md")):
        text = path.read_text("utf-8").replace("\r\n", "\n")
        front = yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n")) or {}
        y, m, d, slug = re.match(r"(\d{4})-(\d\d?)-(\d\d?)-(.*)$", path.stem).groups()
        docname = "posts/" + path.relative_to(corpus / "_posts").with_suffix("").as_posix()
        category = str(front.get("category") or "").lower()
        urls[f"{category}/{y}/{int(m):02d}/{int(d):02d}/{slug}.html".lstrip("/")] = docname
        redirects = front.get("redirect_from") or []
        for old in [redirects] if isinstance(redirects, str) else redirects:
            urls[old.lstrip("/")] = docname
    return urls


def test_vim_jp_old_urls_redirect_to_their_posts(vim_jp):
    corpus, out, warnings = vim_jp
    old_urls = _old_urls(corpus)
    assert len(old_urls) > 349  # every post, and the redirect_from paths besides
    wrong = {old: post for old, post in old_urls.items()
             if not (out / old).is_file()
             or redirect_target(out / old) != (out / f"{post}.html").resolve()}
    assert wrong == {}
    assert not [line for line in warnings if "[bunko.redirect]" in line]


def test_redirects_from_front_matter_never_leave_the_output_or_replace_a_page(tmp_path):
    source = copy_root("jekyll-links", tmp_path / "site")
    (source / "posts/2023-01-01-hostile.md").write_text(
        "---\ntitle: '<b>Hostile</b>'\nredirect_from:\n  - ../../escape.html\n"
        "  - /posts/2022-07-21-links.html\n  - /index.html\n  - /_static/x.html\n"
        "  - {a: b}\nredirect_to: javascript:alert(1)\n---\n\nText.\n", "utf-8")
    result = sphinx_build(source)
    assert result.returncode == 0, result.stderr[-3000:]
    out = source / "_build/html"
    warnings = [line for line in warnings_of(result.stderr) if "2023-01-01-hostile" in line]
    for expected in ("'../../escape.html' is not a path inside the site",
                     "would replace posts/2022-07-21-links.html, which is the page",
                     "would replace index.html", "'/_static/x.html' is not a path",
                     "redirect_from: {'a': 'b'} is not a path",
                     "redirect_to: 'javascript:alert(1)' is not a web address"):
        assert any(expected in line for line in warnings), expected
    assert not (tmp_path / "escape.html").exists() and not (source / "escape.html").exists()
    assert not (out / "_static/x.html").exists()
    assert "http-equiv" not in (out / LINKS).read_text("utf-8")
    hostile = (out / "posts/2023-01-01-hostile.html").read_text("utf-8")
    assert "javascript:" not in hostile and "<b>Hostile</b>" not in hostile
