"""The sidebar: every page carries the site's sections, and the links and counts inside them
come from one file all pages share (``_static/bunko-sidebar-data.js``), so a new post, a
deleted post or a tag edit rewrites the pages it concerns and leaves every other page byte for
byte as it was; and a rebuild compares the configuration as equal. One small site, built once
and then edited three times (``edited``); each step is also built clean to compare.
(The top 20 tags: ``test_site_options.py``; escaping: ``test_hostile_escaping.py``.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_incremental_random import output_files

from conftest import sidebar_data, sphinx_build
from hostile_inputs import new_site

#: Three subjects that share no tag, category or word, two months apart each.
POSTS = {
    "2025-01-10-niwa": ("庭の手入れ", "2025-01-10", "[庭, 花]", "園芸", "冬の庭に水仙が咲いた。"),
    "2025-01-20-shiba": ("芝生を刈る", "2025-01-20", "[庭]", "園芸", "芝刈り機の刃を研いだ。"),
    "2025-06-05-eki": ("駅を巡る", "2025-06-05", "[鉄道, 駅]", "旅", "終着駅で切符を買った。"),
    "2025-06-15-kisha": ("汽車の窓", "2025-06-15", "[鉄道]", "旅", "車窓に海が広がった。"),
    "2026-02-01-miso": ("味噌を仕込む", "2026-02-01", "[料理, 味噌]", "台所", "大豆を煮て潰した。"),
    "2026-02-10-dashi": ("出汁を引く", "2026-02-10", "[料理]", "台所", "昆布を水に浸した。"),
}
NEW = "2026-02-20-nabe"


def _write(posts: Path, name: str, title: str, date: str, tags: str, category: str,
           body: str) -> None:
    (posts / f"{name}.md").write_text(
        f"---\ntitle: {title}\ndate: {date} 09:00:00 +09:00\ntags: {tags}\n"
        f"categories: [{category}]\nauthor: 山田\n---\n\n{body}\n", "utf-8")


def _pages(out: Path) -> dict[str, bytes]:
    return {name: content for name, content in output_files(out).items()
            if name.endswith(".html")}


def _changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> dict[str, dict[str, object]]:
    """Each step's pages before and after, whether it equals a clean build, and its log."""
    root = tmp_path_factory.mktemp("sidebar")
    site = root / "site"
    posts = new_site(site, conf='bunko_timezone = "Asia/Tokyo"\n')
    for name, fields in POSTS.items():
        _write(posts, name, *fields)
    out = root / "incremental"
    assert sphinx_build(site, out=out).returncode == 0
    edits = {
        "add": lambda: _write(posts, NEW, "鍋を囲む", "2026-02-20", "[料理]", "台所",
                              "土鍋に白菜を入れた。"),
        "delete": lambda: (posts / "2025-06-05-eki.md").unlink(),
        "retag": lambda: _write(posts, "2025-01-10-niwa", "庭の手入れ", "2025-01-10",
                                "[庭, 草木]", "園芸", "冬の庭に水仙が咲いた。"),
    }
    steps = {}
    for step, edit in edits.items():
        before = _pages(out)
        edit()
        result = sphinx_build(site, out=out)
        assert result.returncode == 0, result.stderr[-2000:]
        clean = root / f"clean-{step}"
        assert sphinx_build(site, out=clean).returncode == 0
        steps[step] = {"changed": _changed(before, _pages(out)), "log": result.stdout,
                       "same_as_clean": output_files(out) == output_files(clean),
                       "sidebar": sidebar_data(out)}
    return steps


def test_a_new_post_rewrites_only_the_pages_it_concerns(edited):
    changed = edited["add"]["changed"]
    # Its page, its older neighbour, the lists it joins, the indexes that count it.
    assert {f"posts/{NEW}.html", "posts/2026-02-10-dashi.html", "index.html",
            "tags/料理/index.html", "archive/2026/02/index.html"} <= changed
    # Posts it is neither next to nor related to, and lists it is not in, are byte for byte
    # as they were (posts/2025-01-10-niwa.html lists it among its related posts).
    assert not changed & {"posts/2025-01-20-shiba.html", "posts/2025-06-05-eki.html",
                          "tags/庭/index.html", "tags/鉄道/index.html",
                          "archive/2025/01/index.html", "search.html", "genindex.html"}, \
        " ".join(sorted(changed))
    料理 = next(link for link in edited["add"]["sidebar"]["tags"]["links"] if link[0] == "料理")
    assert 料理[1:] == ["tags/料理/index.html", 3]


def test_a_deleted_post_rewrites_only_the_pages_it_concerns(edited):
    changed = edited["delete"]["changed"]
    assert {"posts/2025-06-05-eki.html", "posts/2025-06-15-kisha.html",
            "tags/鉄道/index.html", "tags/駅/index.html"} <= changed
    assert not changed & {f"posts/{NEW}.html", "posts/2026-02-01-miso.html",
                          "tags/料理/index.html", "tags/庭/index.html",
                          "archive/2026/02/index.html", "search.html"}, " ".join(sorted(changed))
    assert "駅" not in [link[0] for link in edited["delete"]["sidebar"]["tags"]["links"]]


def test_a_tag_edit_rewrites_only_the_pages_it_concerns(edited):
    changed = edited["retag"]["changed"]
    assert {"posts/2025-01-10-niwa.html", "tags/花/index.html", "tags/草木/index.html",
            "tags/庭/index.html"} <= changed
    assert not changed & {f"posts/{NEW}.html", "posts/2026-02-10-dashi.html",
                          "posts/2025-06-15-kisha.html", "tags/料理/index.html",
                          "archive/2026/02/index.html", "search.html"}, " ".join(sorted(changed))
    tags = [link[0] for link in edited["retag"]["sidebar"]["tags"]["links"]]
    assert "草木" in tags and "花" not in tags


@pytest.mark.parametrize("step", ["add", "delete", "retag"])
def test_each_rebuild_equals_a_clean_build(edited, step):
    assert edited[step]["same_as_clean"]


@pytest.mark.parametrize("step", ["add", "delete", "retag"])
def test_a_rebuild_finds_the_configuration_unchanged(edited, step):
    log = edited[step]["log"]
    assert "loading pickled environment" in log
    assert "configuration has changed" not in log and "config changed" not in log
