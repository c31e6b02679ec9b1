"""All posts of the build, kept in the Sphinx environment.

ABlog keeps its posts outside the environment, so a cached rebuild shows an empty blog and
parallel reading has to be switched off. bunko keeps one ``Post`` per docname in
``env.bunko_posts``: pickled with the environment (incremental builds see every post, read
this time or not), pruned at ``env-purge-doc``, merged at ``env-merge-info`` (parallel reads).
"""

from __future__ import annotations

import os

from sphinx.environment import BuildEnvironment

from .post import Post


def posts_by_docname(env: BuildEnvironment) -> dict[str, Post]:
    if not hasattr(env, "bunko_posts"):
        env.bunko_posts = {}
    return env.bunko_posts


def store_post(env: BuildEnvironment, docname: str, post: Post) -> None:
    posts_by_docname(env)[docname] = post
    post_digests(env).pop(docname, None)


def post_digests(env: BuildEnvironment) -> dict[str, str]:
    """Docname → digest of its ``Post`` record, kept across builds until the post is read
    again or removed: the catalog describes every post for its lists on every build
    (``Catalog.list_entry_key``), and the ``repr`` of 10,000 records is most of that."""
    if not hasattr(env, "bunko_post_digests"):
        env.bunko_post_digests = {}
    return env.bunko_post_digests


def post_lists_by_doc(env: BuildEnvironment) -> dict[str, int]:
    """Documents with ``{bunko-posts}`` lists → how many of the newest posts they show: the
    largest ``:limit:``, or 0 for one page of ``bunko_posts_per_page``. Such a document is
    written again when any of those posts (or their number) changes."""
    if not hasattr(env, "bunko_post_lists_by_doc"):
        env.bunko_post_lists_by_doc = {}
    return env.bunko_post_lists_by_doc


def merge_records(ours: dict, theirs: dict, docnames: set[str]) -> None:
    """Take a parallel reader's records of the documents it read into the main environment."""
    for docname in docnames:
        if docname in theirs:
            ours[docname] = theirs[docname]


def purge_post(app, env: BuildEnvironment, docname: str) -> None:
    posts_by_docname(env).pop(docname, None)
    post_digests(env).pop(docname, None)
    post_lists_by_doc(env).pop(docname, None)
    _note_change(env)


def note_read_documents(app, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: documents are read (added ones too, which no purge
    announces), so the collection changes."""
    if docnames:
        _note_change(env)


def collection_state(env: BuildEnvironment) -> str | None:
    """A name of the collection as it is: new whenever a document is read or removed, the
    same across builds that read none (``None`` before one has). What is made of the
    collection alone, and recorded with this name, is the same while it is (the files of
    ``output.OutputManifest.reuse``)."""
    return getattr(env, "bunko_collection_state", None)


def _note_change(env: BuildEnvironment) -> None:
    env.bunko_collection_state = os.urandom(16).hex()


def merge_posts(app, env: BuildEnvironment, docnames: set[str],
                other: BuildEnvironment) -> None:
    merge_records(posts_by_docname(env), posts_by_docname(other), docnames)
    for docname in docnames:
        post_digests(env).pop(docname, None)
    merge_records(post_lists_by_doc(env), post_lists_by_doc(other), docnames)
