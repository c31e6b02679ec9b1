"""Words bunko puts on pages, in the site's language (``language`` in conf.py).

Japanese first, English for every other language until someone adds theirs here.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "minutes": "{n}分で読めます",
        "draft": "下書き",
        "authors": "著者",
        "categories": "カテゴリー",
        "tags": "タグ",
        "recent_posts": "最近の記事",
        "home": "ホーム",
        "no_posts": "記事はまだありません。",
    },
    "en": {
        "minutes": "{n} min read",
        "draft": "Draft",
        "authors": "Authors",
        "categories": "Categories",
        "tags": "Tags",
        "recent_posts": "Recent posts",
        "home": "Home",
        "no_posts": "No posts yet.",
    },
}


def labels_for(language: str | None) -> dict[str, str]:
    """The labels of ``language`` (``ja``, ``ja_JP``, ``en-US``...), English when unknown."""
    base = (language or "en").replace("-", "_").split("_")[0].lower()
    return LABELS.get(base, LABELS["en"])
