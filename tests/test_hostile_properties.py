"""Property tests: the front matter normaliser and the slug function on any input hypothesis
can make, and a few hundred whole files through the fuzz target (``make fuzz`` runs longer)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bunko.post import read_post
from bunko.slugs import MAX_LENGTH, assign_slugs, slugify
from bunko.terms import Term, term_key, unique_terms
from fuzz_posts import check_post_file
from hostile_inputs import (
    EPOCH,
    FRONT_MATTER_KEYS,
    YAML_LINES,
    front_matter_data,
    hostile_text,
    is_safe_path_component,
    post_files,
    yaml_values,
)

PATH = "posts/2026-01-01-x.md"
#: Names whose identity and slug are hard: other scripts, normal forms, symbols, paths.
term_names = hostile_text | st.text(min_size=1, max_size=80)


def _read(text: str):
    return read_post(PATH, text, zone=EPOCH.tzinfo, file_time=EPOCH).post


def _front_matter(data: object) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\nbody\n"


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FRONT_MATTER_KEYS), yaml_values)
def test_any_yaml_value_under_any_key_reads_without_raising(key, value):
    post = _read(_front_matter({key: value}))
    assert post.title and post.date.tzinfo is not None
    for term in (*post.categories, *post.tags, *post.authors):
        assert term.key == term_key(term.label)


@settings(max_examples=200, deadline=None)
@given(front_matter_data)
def test_any_front_matter_mapping_reads_without_raising(data):
    post = _read(_front_matter(data))
    assert all(problem.message for problem in post.problems)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(YAML_LINES) | hostile_text, max_size=8))
def test_broken_yaml_is_a_problem_not_an_exception(lines):
    text = "---\n" + "\n".join(lines) + "\n---\nbody\n"
    post = _read(text)
    assert post.title and post.date.tzinfo is not None
    # Every problem says something and points into the file.
    lines_in_file = text.count("\n") + 1
    assert all(problem.message and (problem.line is None or 1 <= problem.line <= lines_in_file)
               for problem in post.problems)


@pytest.mark.parametrize("front_matter", [
    "tags: &r [*r]",
    "tags: " + "[" * 900 + "x" + "]" * 900,
    "tags:\n" + "".join("  " * depth + "-\n" for depth in range(500)) + "  " * 500 + "- x",
    "title: &r [*r]",
    "author: {name: &r [*r]}",
    "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)) + "tags: *i\ntitle: *i",
])
def test_self_referring_exploding_and_deep_front_matter_is_refused(front_matter):
    post = _read(f"---\n{front_matter}\n---\nbody\n")
    assert post.tags == () and any("front matter is ignored" in p.message
                                   for p in post.problems)


@pytest.mark.parametrize("value", ["!!timestamp 'soon'", "!!int x", "!!float x", "!!bool maybe",
                                   "!!int 0x", "!!timestamp '2020-01-01 00:00:00-99:99'"])
def test_a_value_that_does_not_fit_its_tag_is_a_problem(value):
    post = _read(f"---\ntitle: ok\ndate: {value}\n---\nbody\n")
    assert post.title == "X" and any("'!!' tag" in p.message for p in post.problems)


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1.0e+308", "0", "-5", "'9999999999'"])
def test_impossible_reading_times_are_counted_instead(value):
    post = _read(f"---\ntitle: t\nreading_time: {value}\n---\nbody\n")
    assert post.reading_time is None
    assert any("reading_time" in p.message for p in post.problems)


def test_ten_thousand_tags_are_kept():
    post = _read(_front_matter({"title": "t", "tags": [f"tag{i}" for i in range(10_000)]}))
    assert len(post.tags) == 10_000
    (problem,) = post.problems
    assert "has 10,000 tags" in problem.message and problem.line == 2  # keys sorted


@settings(max_examples=500, deadline=None)
@given(term_names, st.sampled_from(["unicode", "ascii"]))
def test_slugs_are_always_safe_path_components(name, style):
    key = term_key(name)
    if key:
        slug = slugify(key, style)
        assert is_safe_path_component(slug), slug
        assert len(slug) <= MAX_LENGTH or style == "ascii"
        assert style == "unicode" or slug.isascii()


@settings(max_examples=500, deadline=None)
@given(term_names)
def test_identity_is_idempotent_and_spellings_of_one_term_share_a_slug(name):
    term = Term.from_label(name)  # how every tag, category and author gets its identity
    if term is None:
        return
    assert term_key(term.key) == term.key
    assert Term.from_label(term.label) == term
    assert Term.from_label(term.key).key == term.key
    assert unique_terms([name, term.label, term.key, term.label.upper()]) == (term,)


@settings(max_examples=300, deadline=None)
@given(st.lists(term_names, max_size=30), st.sampled_from(["unicode", "ascii"]))
def test_distinct_identities_never_share_a_slug(names, style):
    terms = {term.key: term.label for term in unique_terms(names)}
    slugs, _collisions = assign_slugs(terms.items(), style)
    assert set(slugs) == set(terms)
    assert len(set(slugs.values())) == len(slugs)
    assert all(is_safe_path_component(slug) for slug in slugs.values())
    again, _ = assign_slugs(reversed(list(terms.items())), style)
    assert again == slugs, "slugs depend on the order terms were seen"


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(post_files())
def test_whole_post_files_survive_the_fuzz_target(data):
    with tempfile.TemporaryDirectory() as scratch:
        check_post_file(data, Path(scratch))
