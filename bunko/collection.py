"""All posts of the build, kept in the Sphinx environment.

ABlog keeps its posts outside the environment, so a cached rebuild shows an empty blog and
parallel reading has to be switched off. bunko keeps one ``Post`` per docname in
``env.bunko_posts``: pickled with the environment (incremental builds see every post, read
this time or not), pruned at ``env-purge-doc``, merged at ``env-merge-info`` (parallel reads).
"""

from __future__ import annotations

from sphinx.environment import BuildEnvironment

from .post import Post


def posts_by_docname(env: BuildEnvironment) -> dict[str, Post]:
    if not hasattr(env, "bunko_posts"):
        env.bunko_posts = {}
    return env.bunko_posts


def store_post(env: BuildEnvironment, docname: str, post: Post) -> None:
    posts_by_docname(env)[docname] = post


def docs_with_post_lists(env: BuildEnvironment) -> set[str]:
    """Documents with a ``{bunko-posts}`` list: written again when the newest posts change."""
    if not hasattr(env, "bunko_docs_with_post_lists"):
        env.bunko_docs_with_post_lists = set()
    return env.bunko_docs_with_post_lists


def merge_records(ours: dict, theirs: dict, docnames: set[str]) -> None:
    """Take a parallel reader's records of the documents it read into the main environment."""
    for docname in docnames:
        if docname in theirs:
            ours[docname] = theirs[docname]


def purge_post(app, env: BuildEnvironment, docname: str) -> None:
    posts_by_docname(env).pop(docname, None)
    docs_with_post_lists(env).discard(docname)


def merge_posts(app, env: BuildEnvironment, docnames: set[str],
                other: BuildEnvironment) -> None:
    merge_records(posts_by_docname(env), posts_by_docname(other), docnames)
    docs_with_post_lists(env).update(docs_with_post_lists(other) & docnames)
