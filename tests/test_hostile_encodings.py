"""Encodings and line ends: UTF-8 with BOM and CRLF, old-Mac CR, decomposed (NFD) text build
like any post; Shift_JIS, EUC-JP and UTF-16 files are skipped with a warning naming them."""

from __future__ import annotations

import unicodedata

import pytest
from bs4 import BeautifulSoup

from conftest import sphinx_build
from hostile_inputs import new_site

TEXT = "---\ntitle: {title}\ndate: 2026-01-{day:02d}\ntags: [データ, 日本語]\n---\n\n本文です。\n"
READABLE = {
    "2026-01-01-bom-crlf.md": ("\ufeff" + TEXT.format(title="BOM と CRLF", day=1)).replace(
        "\n", "\r\n").encode("utf-8"),
    "2026-01-02-cr.md": TEXT.format(title="CR だけ", day=2).replace("\n", "\r").encode("utf-8"),
    "2026-01-03-nfd.md": unicodedata.normalize("NFD", TEXT.format(title="データベース", day=3))
    .encode("utf-8"),
    "2026-01-04-mixed.md": TEXT.format(title="混在", day=4).replace("tags:", "\r\ntags:", 1)
    .encode("utf-8"),
}
UNREADABLE = {
    "2026-02-01-shift-jis.md": TEXT.format(title="シフトJIS", day=5).encode("shift_jis"),
    "2026-02-02-euc-jp.md": TEXT.format(title="EUC の記事", day=6).encode("euc_jp"),
    "2026-02-03-utf-16.md": TEXT.format(title="UTF-16", day=7).encode("utf-16"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = tmp_path_factory.mktemp("encodings") / "site"
    posts = new_site(site)
    for name, data in {**READABLE, **UNREADABLE}.items():
        (posts / name).write_bytes(data)
    result = sphinx_build(site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site / "_build" / "html", result.stderr


@pytest.mark.parametrize(("name", "title"), [
    ("2026-01-01-bom-crlf", "BOM と CRLF"), ("2026-01-02-cr", "CR だけ"),
    ("2026-01-03-nfd", "データベース"), ("2026-01-04-mixed", "混在"),
])
def test_utf8_in_any_form_builds(built, name, title):
    out, warnings = built
    html = BeautifulSoup((out / f"posts/{name}.html").read_text("utf-8"), "html.parser")
    assert html.find("h1").get_text().rstrip("¶") == title  # composed (NFC) as typed
    assert [a.get_text() for a in html.select(".bunko-tags a")] == ["データ", "日本語"]
    assert f"{name}.md" not in warnings


def test_legacy_encodings_are_skipped_with_a_warning_naming_the_file(built):
    out, warnings = built
    for name in UNREADABLE:
        (line,) = [w for w in warnings.splitlines() if name in w]
        assert "not UTF-8" in line and "skipped" in line
        assert not (out / "posts" / name.replace(".md", ".html")).exists()


def test_nfd_and_nfc_tags_share_one_page(built):
    out, _warnings = built
    pages = [path for path in (out / "tags").iterdir() if path.is_dir()]
    assert sorted(path.name for path in pages) == ["データ", "日本語"]
    listing = BeautifulSoup((out / "tags/データ/index.html").read_text("utf-8"), "html.parser")
    assert len(listing.select(".bunko-post-title")) == len(READABLE)
