"""Folder names of term pages: readable, distinct where the terms are, never a path."""

from __future__ import annotations

import pytest

from bunko.slugs import MAX_LENGTH, assign_slugs, slugify
from bunko.terms import term_key


@pytest.mark.parametrize(("label", "slug"), [
    ("AI", "ai"), ("ＡＩ", "ai"), ("C++", "c-plus-plus"), ("C#", "c-sharp"), ("C", "c"),
    ("データベース", "データベース"), ("AI 半導体", "ai-半導体"), ("Node.js", "node-js"),
    ("AT&T", "at-and-t"), ("../x", "x"), ("a/b", "a-b"), ("x\x00y\x1fz", "x-y-z"),
    ("CON", "con-"), ("nul", "nul-"), ("Lpt1", "lpt1-"),
])
def test_slug(label, slug):
    assert slugify(term_key(label)) == slug


@pytest.mark.parametrize("label", ["/", "..", ".", "!!!", "\u200b", "   "])
def test_punctuation_only_names_get_a_stable_name(label):
    key = term_key(label) or label
    slug = slugify(key)
    assert slug.startswith("t-") and slug == slugify(key)
    assert "/" not in slug and slug not in (".", "..")


def test_long_names_are_cut_with_a_hash_that_keeps_them_apart():
    one, two = slugify("あ" * 100 + "1"), slugify("あ" * 100 + "2")
    assert len(one) <= MAX_LENGTH and one != two


def test_ascii_style_is_ascii_and_reversible():
    slug = slugify(term_key("データベース"), "ascii")
    assert slug.isascii() and slug.startswith("xn--")
    assert slug.removeprefix("xn--").encode().decode("punycode") == "データベース"
    assert slugify("ai", "ascii") == "ai"


def test_collisions_are_numbered_by_identity_whatever_the_input_order():
    terms = [("a b", "a b"), ("a-b", "a-b"), ("a_b", "a_b"), ("a b 2", "a b 2")]
    forward, collisions = assign_slugs(terms)
    backward, _ = assign_slugs(list(reversed(terms)))
    assert forward == backward
    assert sorted(forward.values()) == ["a-b", "a-b-2", "a-b-3", "a-b-4"]
    assert forward["a b 2"] == "a-b-2", "a term keeps the slug its own name gives"
    assert [c.slug for c in collisions] == ["a-b"]
