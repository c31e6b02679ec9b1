"""``bunko import SITE`` on a Jekyll site's root: its own files land in ``jekyll/`` at their
paths, by Jekyll's publishing rule, and the report says what did not come in."""

from __future__ import annotations

import os
import re
from pathlib import Path

from bunko_cli import bunko, make_site, no_traceback

from conftest import shared_corpus

CONFIG = """\
title: Old Blog
url: https://example.org
baseurl: /blog
permalink: /:year/:title/
exclude: [downloads, "*.log", notes/]
include: [.well-known]
"""

HELLO = """\
---
title: Hello
image: /assets/og.png
redirect_from:
  - /old/hello.html
  - https://other.example/elsewhere
---

![a]({{ site.baseurl }}/assets/images/a.png)
[paper](/blog/downloads/paper.pdf)
<img src="https://example.org/blog/assets/images/c.png">
{% include figure.html src="/assets/fig.svg" %}
![w]({{ '/assets/w.png' | relative_url }})

```
![code](/assets/in-code.png)
```

[older post](/2023/older/) and [elsewhere](https://elsewhere.example/x.png).
Written by {{ "noah" | team_link }}.
"""

#: A small Jekyll site with one file for each rule of what Jekyll publishes.
SITE = {
    "_config.yml": CONFIG,
    "_data/team.yml": "- name: Noah\n",
    "_includes/figure.html": "<figure><img src=\"{{ include.src }}\"></figure>\n",
    "_layouts/post.html": "{{ content }}\n",
    "_sass/site.scss": "body { color: red }\n",
    "_posts/2024-01-01-hello.md": HELLO,
    "_posts/2023-05-05-older.md": "---\ntitle: Older\n---\n\nOlder text.\n",
    "_drafts/idea.md": "---\ntitle: Idea\n---\n\nSomeday.\n",
    ".git/config": "[core]\n",
    "Gemfile": "source 'https://rubygems.org'\n",
    "Gemfile.lock": "GEM\n",
    "old-theme.gemspec": "Gem::Specification.new\n",
    "Rakefile": "task :default\n",
    "CNAME": "example.org\n",
    "node_modules/lib/x.js": "x\n",
    "vendor/bundle/gem.rb": "gem\n",
    "vendor/assets/app.js": "app()\n",
    "index.html": "---\nlayout: home\n---\n<h1>Home</h1>\n",
    "about.md": "---\ntitle: About\n---\nAbout us.\n",
    "feed.xml": "---\nlayout: null\n---\n<feed/>\n",
    "robots.txt": "User-agent: *\n",
    "README.md": "# Source of the old blog\n",
    "assets/css/site.css": "h1 {}\n",
    "assets/images/a.png": b"\x89PNG a",
    "assets/images/b.png~": b"backup",
    "assets/#draft.png": b"draft",
    "assets/fig.svg": "<svg/>\n",
    "assets/og.png": b"\x89PNG og",
    ".well-known/security.txt": "Contact: x\n",
    ".htaccess": "Options -Indexes\n",
    "build.log": "log\n",
    "notes/todo.txt": "todo\n",
    "downloads/paper.pdf": b"%PDF paper",
    "downloads/unused.pdf": b"%PDF unused",
}
COPIED = {"_config.yml", "_data/team.yml", "_includes/figure.html", "vendor/assets/app.js",
          "robots.txt", "README.md", "assets/css/site.css", "assets/images/a.png",
          "assets/fig.svg", "assets/og.png", ".well-known/security.txt", ".htaccess",
          "downloads/paper.pdf", "CNAME"}


def write_files(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return folder


def files_below(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and link below ``folder``: path → (size, modification time)."""
    found = {}
    for parent, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(parent, name)
            stat = path.lstat()
            found[path.relative_to(folder).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return found


def test_a_jekyll_site_comes_in_by_jekylls_publishing_rule(tmp_path):
    source = write_files(tmp_path / "old", SITE)
    site = make_site(tmp_path / "site")
    result = bunko("import", str(source), cwd=site)
    assert result.returncode == 1 and no_traceback(result)  # missing images, Liquid
    assert set(files_below(site / "jekyll")) == COPIED
    for name in COPIED:
        assert (site / "jekyll" / name).read_bytes() == (source / name).read_bytes()
    assert (site / "posts/2024-01-01-hello.md").is_file()
    assert (site / "drafts/idea.md").is_file()
    out = result.stdout
    assert "_config.yml, 1 data file(s) (_data/), 1 include(s) (_includes/)" in out
    static_bytes = sum((source / name).stat().st_size for name in COPIED)
    assert f"10 static file(s) copied, 14 file(s) in all ({static_bytes:,} bytes)" in out
    assert ("3 page(s) of the Jekyll site not imported (bunko makes its own pages; links to "
            "them lead to the old address): about.md, feed.xml, index.html") in out


def test_files_posts_refer_to_are_copied_and_missing_ones_named(tmp_path):
    source = write_files(tmp_path / "old", SITE)
    site = make_site(tmp_path / "site")
    out = bunko("import", str(source), cwd=site).stdout
    # Excluded by _config.yml, but a post links to it (under the old baseurl): copied.
    assert (site / "jekyll/downloads/paper.pdf").is_file()
    assert not (site / "jekyll/downloads/unused.pdf").exists()
    post = "posts/2024-01-01-hello.md"
    assert (f"{post}:11: refers to https://example.org/blog/assets/images/c.png, which the "
            "Jekyll site does not have (assets/images/c.png)") in out
    assert f"{post}:13: refers to /assets/w.png, which the Jekyll site does not have" in out
    # Code is not a link; pages and other sites are not files to copy.
    assert "in-code.png" not in out and "/2023/older/" not in out
    assert "elsewhere.example" not in out
    assert len(re.findall("does not have", out)) == 2


def test_old_urls_liquid_and_bad_redirects_are_counted(tmp_path):
    source = write_files(tmp_path / "old", SITE)
    site = make_site(tmp_path / "site")
    out = bunko("import", str(source), cwd=site).stdout
    assert ("Old URLs that will lead to the posts: 2 post URL(s) (permalink /:year/:title/), "
            "1 redirect_from entry") in out
    assert ("posts/2024-01-01-hello.md:4: redirect_from 'https://other.example/elsewhere' is "
            "not a path of this site; no redirect") in out
    assert "| team_link ×1, e.g. posts/2024-01-01-hello.md:20" in out


def test_importing_twice_changes_nothing_and_a_clash_is_named_not_overwritten(tmp_path):
    source = write_files(tmp_path / "old", SITE)
    site = make_site(tmp_path / "site")
    write_files(site / "jekyll", {"assets/css/site.css": "h1 { mine }\n"})
    first = bunko("import", str(source), cwd=site)
    assert first.returncode == 1 and no_traceback(first)
    assert (f"{source}/assets/css/site.css: jekyll/assets/css/site.css is already there "
            "with other bytes; not overwritten") in first.stdout
    assert (site / "jekyll/assets/css/site.css").read_text("utf-8") == "h1 { mine }\n"
    assert (site / "jekyll/assets/images/a.png").is_file()  # the others still came in
    before = files_below(site)
    second = bunko("import", str(source), cwd=site)
    assert files_below(site) == before
    assert "0 post(s) copied; 2 already there" in second.stdout
    assert "0 static file(s) copied, 0 file(s) in all (0 bytes); 13 already there" in second.stdout


def test_importing_a_clean_site_twice_exits_0_both_times(tmp_path):
    source = write_files(tmp_path / "old", {
        "_config.yml": "title: Clean\n", "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n\nA.\n",
        "assets/a.png": b"png", "index.html": "---\n---\nHome\n"})
    site = make_site(tmp_path / "site")
    first = bunko("import", str(source), cwd=site)
    assert first.returncode == 0, first.stdout
    before = files_below(site)
    second = bunko("import", str(source), cwd=site)
    assert second.returncode == 0, second.stdout
    assert files_below(site) == before
    assert "1 page(s) of the Jekyll site not imported" in second.stdout


def test_links_out_of_the_jekyll_site_are_not_followed(tmp_path):
    outside = write_files(tmp_path / "outside", {"secret.png": b"secret", "dir/x.png": b"x"})
    source = write_files(tmp_path / "old", {
        "_config.yml": "title: Links\n",
        "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n\n![s](/assets/secret.png)\n",
        "assets/real.png": b"real"})
    (source / "assets/secret.png").symlink_to(outside / "secret.png")
    (source / "assets/dir").symlink_to(outside / "dir", target_is_directory=True)
    (source / "_posts/2024-01-02-out.md").symlink_to(outside / "secret.png")
    (source / "assets/alias.png").symlink_to(source / "assets/real.png")
    (source / "assets/loop.png").symlink_to(source / "assets/loop.png")
    (source / "assets/back").symlink_to(source / "assets", target_is_directory=True)
    site = make_site(tmp_path / "site")
    result = bunko("import", str(source), cwd=site)
    assert result.returncode == 1 and no_traceback(result)
    assert set(files_below(site / "jekyll")) == {"_config.yml", "assets/real.png",
                                                 "assets/alias.png"}
    assert (site / "jekyll/assets/alias.png").read_bytes() == b"real"
    assert not (site / "posts/2024-01-02-out.md").exists()
    out = result.stdout
    assert f"{source}/assets/secret.png: is a link to a file outside the imported folder" in out
    assert f"{source}/assets/dir: is a link to a folder outside the imported folder" in out
    assert f"{source}/_posts/2024-01-02-out.md: is a link to a file outside" in out
    assert f"{source}/assets/loop.png: is a link that leads back to itself" in out
    assert f"{source}/assets/back: is a link to a folder that contains it" in out
    assert "refers to /assets/secret.png, which the Jekyll site does not have" in out


def test_nothing_is_written_outside_the_site_or_through_a_link_in_it(tmp_path):
    source = write_files(tmp_path / "old", SITE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    site = make_site(tmp_path / "site")
    (site / "jekyll").mkdir()
    (site / "jekyll/assets").symlink_to(elsewhere, target_is_directory=True)
    outside_before = {name: value for name, value in files_below(tmp_path).items()
                      if not name.startswith("site/")}
    result = bunko("import", str(source), cwd=site)
    assert result.returncode == 1 and no_traceback(result)
    assert not any(elsewhere.iterdir())
    assert "jekyll/assets is a link; nothing is written through it" in result.stdout
    outside_after = {name: value for name, value in files_below(tmp_path).items()
                     if not name.startswith("site/")}
    assert outside_after == outside_before
    assert (site / "jekyll/robots.txt").is_file()


def test_a_folder_that_cannot_be_read_is_one_line(tmp_path):
    """A path longer than the system allows (4,096 bytes on Linux) cannot be opened, even by
    root: the import names the folder and goes on."""
    source = write_files(tmp_path / "old", {
        "_config.yml": "title: Deep\n", "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n\nA\n",
        "assets/a.png": b"png"})
    folder = os.open(source / "assets", os.O_RDONLY)
    for _level in range(22):
        os.mkdir("d" * 200, dir_fd=folder)
        deeper = os.open("d" * 200, os.O_RDONLY, dir_fd=folder)
        os.close(folder)
        folder = deeper
    os.close(os.open("deep.png", os.O_WRONLY | os.O_CREAT, dir_fd=folder))
    os.close(folder)
    site = make_site(tmp_path / "site")
    result = bunko("import", str(source), cwd=site)
    assert result.returncode == 1 and no_traceback(result)
    unreadable = [line for line in result.stdout.splitlines() if "cannot be read" in line]
    assert len(unreadable) == 1 and "(File name too long); not imported" in unreadable[0]
    assert (site / "jekyll/assets/a.png").is_file()


def test_the_jekyll_folder_is_bunko_jekyll_dir_and_never_inside_the_source(tmp_path):
    source = write_files(tmp_path / "old", {"_config.yml": "title: T\n",
                                            "assets/a.png": b"png"})
    site = make_site(tmp_path / "site", conf='bunko_jekyll_dir = "old-site"\n')
    result = bunko("import", str(source), cwd=site)
    assert result.returncode == 0, result.stdout
    assert (site / "old-site/assets/a.png").is_file() and not (site / "jekyll").exists()
    assert "Jekyll site files into old-site/" in result.stdout
    inside = make_site(source / "new")
    refused = bunko("import", str(source), "--dest", str(tmp_path / "posts"), cwd=inside)
    assert refused.returncode == 2 and "bunko_jekyll_dir jekyll is inside" in refused.stderr
    assert not (inside / "jekyll").exists()


def test_the_posts_language_is_hinted_when_config_and_conf_py_disagree(tmp_path):
    japanese = "---\ntitle: こんにちは\n---\n\n日本語の記事です。\n"
    source = write_files(tmp_path / "old", {"_config.yml": "title: 日記\n",
                                            "_posts/2024-01-01-a.md": japanese})
    site = make_site(tmp_path / "site")
    out = bunko("import", str(source), cwd=site).stdout
    assert ("Hint: the posts are mostly Japanese but conf.py's language is \"en\" and "
            "_config.yml no lang:; add the line 'lang: ja' to jekyll/_config.yml") in out
    japanese_site = make_site(tmp_path / "ja", conf='language = "ja"\n')
    assert "Hint" not in bunko("import", str(source), cwd=japanese_site).stdout
    with_lang = write_files(tmp_path / "old-lang", {"_config.yml": "lang: ja\n",
                                                   "_posts/2024-01-01-a.md": japanese})
    assert "Hint" not in bunko("import", str(with_lang), cwd=make_site(tmp_path / "l")).stdout


def test_vim_jp_comes_in_whole(tmp_path):
    source = shared_corpus("corpora", "vim-jp")
    site = make_site(tmp_path / "site", conf='language = "ja"\n')
    corpus_before = files_below(source)
    result = bunko("import", str(source), cwd=site)
    assert result.returncode == 0, result.stdout
    out = result.stdout
    assert "349 post(s) copied" in out
    assert "_config.yml, 3 data file(s) (_data/), 8 include(s) (_includes/)" in out
    copied = files_below(site / "jekyll")
    assert (f"208 static file(s) copied, 221 file(s) in all "
            f"({sum(size for size, _time in copied.values()):,} bytes)") in out
    for name in ("_config.yml", "_data/books/vimscript_technique_bible/corrigenda.yml",
                 "_includes/custom/hotkeys.html", "assets/images/vimconf2017/t9md.png",
                 "assets/vim_2014_calendar/2014_en_a4_jp.pdf", ".well-known/atproto-did",
                 "CNAME"):
        assert (site / "jekyll" / name).read_bytes() == (source / name).read_bytes(), name
    # Pages, Jekyll's own folders, excluded and toolchain files stay behind.
    for name in ("index.html", "about.html", "docs/vac.md", "tips/list.md", "_layouts",
                 "_sass", "_posts", "scripts", "Gemfile", "README.md", "eyecatch.rb",
                 "compose.yaml", ".gitignore"):
        assert not (site / "jekyll" / name).exists(), name
    assert "31 page(s) of the Jekyll site not imported" in out
    assert ("349 post URL(s) (permalink /:categories/:year/:month/:day/:title:output_ext), "
            "24 redirect_from entries") in out
    assert "Liquid not carried over" not in out and "Hint" not in out
    assert files_below(source) == corpus_before
    before = files_below(site)
    again = bunko("import", str(source), cwd=site)
    assert again.returncode == 0, again.stdout
    assert files_below(site) == before
    assert "0 post(s) copied; 349 already there" in again.stdout
    assert "0 static file(s) copied, 0 file(s) in all (0 bytes); 221 already there" in again.stdout


def test_18f_comes_in_with_what_it_lacks_named(tmp_path):
    source = shared_corpus("corpora", "18f")
    site = make_site(tmp_path / "site", conf='language = "ja"\n')
    result = bunko("import", str(source), cwd=site)
    assert result.returncode == 1 and no_traceback(result)
    out = result.stdout
    assert "505 post(s) copied, 1 of them with published: false (not built)" in out
    assert "_config.yml, 11 data file(s) (_data/), 43 include(s) (_includes/)" in out
    for name in ("_config.yml", "_data/navigation.yml", "_includes/svg/18f-pride.svg"):
        assert (site / "jekyll" / name).read_bytes() == (source / name).read_bytes(), name
    for name in ("_plugins", "_layouts", "_authors", "LICENSE.md"):
        assert not (site / "jekyll" / name).exists(), name
    # The collection of authors (output: true) is pages Jekyll rendered.
    assert "344 page(s) of the Jekyll site not imported" in out
    assert ("504 post URL(s) (permalink /:categories/:year/:month/:day/:title/), "
            "8 redirect_from entries") in out
    assert re.search(r"^    \| team_photo ×211, e\.g\. posts/\S+\.md:\d+$", out, re.M)
    assert re.search(r"^    \| team_link ×204, e\.g\. posts/\S+\.md:\d+$", out, re.M)
    # The corpus has no images: every one a post shows is named.
    assert ("posts/2016-02-29-informing-the-future-of-the-federal-front-door.md:17: image "
            "'/assets/blog/federal-front-door/ffd-microsite.jpg': the site has no file") in out
    assert ("posts/2016-02-29-informing-the-future-of-the-federal-front-door.md:122: refers to "
            "/assets/blog/federal-front-door/image02.jpg, which the Jekyll site does "
            "not have") in out
    assert "add the line 'lang: en' to jekyll/_config.yml" in out
