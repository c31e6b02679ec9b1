"""The Post record: every front matter form Jekyll posts carry, read without a build."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone

import pytest

from bunko.dates import format_post_date
from bunko.post import read_post
from bunko.terms import term_key

UTC = timezone.utc
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def post_of(front_matter: str, body: str = "Body.\n", path: str = "posts/2026-02-10-x.md"):
    return read_post(path, f"---\n{front_matter}---\n\n{body}", zone=UTC, file_time=EPOCH).post


def test_title_loses_leading_hash_marks():
    assert post_of('title: "# AWSの可能性とは？"\n').title == "AWSの可能性とは？"
    assert post_of('title: "###   Deep"\n').title == "Deep"


@pytest.mark.parametrize(("written", "expected"), [
    ("2026-02-10 03:29:00 +0000", datetime(2026, 2, 10, 3, 29, tzinfo=UTC)),
    ('"2026-02-10 03:29:00 +0000"', datetime(2026, 2, 10, 3, 29, tzinfo=UTC)),
    ("2026-02-10 12:00:00 +09:00",
     datetime(2026, 2, 10, 12, 0, tzinfo=timezone(timedelta(hours=9)))),
    ("2026-02-10", datetime(2026, 2, 10, tzinfo=UTC)),
    ("2026-02-10T03:29:00Z", datetime(2026, 2, 10, 3, 29, tzinfo=UTC)),
    ("'2026-02-10T03:29:00Z'", datetime(2026, 2, 10, 3, 29, tzinfo=UTC)),
    ("2017-2-5", datetime(2017, 2, 5, tzinfo=UTC)),
    ("2026年2月10日", datetime(2026, 2, 10, tzinfo=UTC)),
    ("June 9, 2016", datetime(2016, 6, 9, tzinfo=UTC)),
])
def test_date_forms(written, expected):
    post = post_of(f"title: t\ndate: {written}\n")
    assert post.date == expected
    assert post.date.utcoffset() == timedelta(0), "expressed in the site's zone (UTC here)"
    assert post.date_source == "front matter"
    assert not post.problems


def test_dates_fall_on_the_site_zone_s_calendar():
    tokyo = timezone(timedelta(hours=9))
    text = "---\ntitle: t\ndate: 2026-03-05 01:00:00 +0900\n---\nBody.\n"
    on_utc_site = read_post("posts/x.md", text, zone=UTC, file_time=EPOCH).post
    assert on_utc_site.date.date().isoformat() == "2026-03-04"
    text = "---\ntitle: t\ndate: 2026-03-04 20:00:00 -0800\n---\nBody.\n"
    on_tokyo_site = read_post("posts/x.md", text, zone=tokyo, file_time=EPOCH).post
    assert on_tokyo_site.date.isoformat() == "2026-03-05T13:00:00+09:00"


def test_date_with_trailing_words_is_read_with_a_note():
    post = post_of("title: t\ndate: 2017-09-27 (optional)\n")
    assert post.date == datetime(2017, 9, 27, tzinfo=UTC)
    assert "ignored" in post.problems[0].message


def test_missing_date_comes_from_the_file_name_even_unpadded():
    post = post_of("title: t\n", path="posts/2017-2-5-i-dont-like-zeroes.md")
    assert post.date == datetime(2017, 2, 5, tzinfo=UTC)
    assert post.date_source == "file name"
    assert post.slug == "i-dont-like-zeroes"
    assert not post.problems


def test_impossible_date_warns_with_file_line_and_value_then_uses_the_file_name():
    post = post_of("title: t\ndate: 2024-13-45\n", path="posts/2024-06-01-x.md")
    assert post.date == datetime(2024, 6, 1, tzinfo=UTC)
    (problem,) = post.problems
    assert "2024-13-45" in problem.message and "file name" in problem.message
    assert problem.line == 3


def test_no_date_anywhere_uses_the_file_time_and_warns():
    post = post_of("title: t\n", path="posts/undated.md")
    assert post.date == EPOCH
    assert "no date" in post.problems[0].message


def test_date_from_a_folder_named_like_a_post():
    post = post_of("title: t\n", path="posts/2013-03-19-not-a-post/dubious.md")
    assert post.date == datetime(2013, 3, 19, tzinfo=UTC)


@pytest.mark.parametrize(("front_matter", "tags"), [
    ("tags: [AI, クラウド]\n", ["AI", "クラウド"]),
    ("tags: AI クラウド\n", ["AI", "クラウド"]),
    ("tags:\n  - AI\n  - クラウド\n", ["AI", "クラウド"]),
    ("tag: machine learning\n", ["machine learning"]),
    ("tags: [2013, true, 1.5]\n", ["2013", "true", "1.5"]),
    ("tags:\n", []),
    ("tags: []\n", []),
    ("tags: ''\n", []),
    ("tags: [AI, ai, ＡＩ, Ai]\n", ["AI"]),
    ("tags: [machine learning, 機械 学習]\n", ["machine learning", "機械 学習"]),
])
def test_tag_forms(front_matter, tags):
    assert [t.label for t in post_of(front_matter).tags] == tags


def test_categories_plural_singular_and_numbers():
    post = post_of("categories: 移行 Jekyll\ncategory: 2013\n")
    assert [t.label for t in post.categories] == ["移行", "Jekyll", "2013"]


def test_term_identity_is_nfkc_casefold_and_nfd_equals_nfc():
    nfd = unicodedata.normalize("NFD", "データベース")
    assert nfd != "データベース"
    assert term_key(nfd) == term_key("データベース")
    assert term_key("ＡＩ") == term_key("ai") == term_key("AI")
    post = post_of(f'tags: ["{nfd}", "データベース"]\n')
    assert [t.label for t in post.tags] == ["データベース"], "one term, shown composed"


def test_authors_string_or_list():
    assert [a.label for a in post_of("author: 編集部\n").authors] == ["編集部"]
    assert [a.label for a in post_of("authors: [A, B]\n").authors] == ["A", "B"]


def test_excerpt_reading_time_layout_permalink_and_unknown_keys():
    post = post_of('title: t\nexcerpt: "**太字**の抜粋"\nreading_time: 8\nlayout: post\n'
                   "permalink: /old/url/\nseries: intro\n")
    assert post.excerpt == "**太字**の抜粋"
    assert post.reading_time == 8
    assert post.permalink == "/old/url/"
    assert post.extra == {"series": "intro"}
    assert not post.problems, "unknown keys and layout are no problem"


@pytest.mark.parametrize("front_matter", ["published: false\n", "draft: true\n",
                                          "published: no\n"])
def test_drafts(front_matter):
    assert post_of(front_matter).draft


def test_invalid_yaml_keeps_the_post_and_says_where():
    post = post_of('title: "unclosed\ndate: 2026-02-10\n', path="posts/2026-02-10-broken.md")
    assert post.title == "Broken"
    assert post.date == datetime(2026, 2, 10, tzinfo=UTC)
    assert "not valid YAML" in post.problems[0].message
    assert post.problems[0].line and post.problems[0].line >= 2


def test_no_front_matter_is_still_a_post_titled_by_its_heading():
    read = read_post("posts/2026-01-01-x.md", "# 見出し\n\n本文\n", zone=UTC, file_time=EPOCH)
    assert read.post.title == "見出し"
    assert "no front matter" in read.post.problems[0].message


def test_dates_shown_in_the_site_language():
    when = datetime(2026, 2, 10, 3, 29, tzinfo=UTC)
    assert format_post_date(when, "ja") == "2026年2月10日(火)"
    assert format_post_date(when, "en") == "February 10, 2026"
