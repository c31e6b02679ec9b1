"""Words bunko puts on pages, in the site's language (``language`` in conf.py).

Japanese first, English for every other language until someone adds theirs here. Values with
``{n}`` / ``{label}`` are formats.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "minutes": "{n}分で読めます",
        "author_separator": "、",
        "draft": "下書き",
        "authors": "著者",
        "categories": "カテゴリー",
        "tags": "タグ",
        "archive": "アーカイブ",
        "recent_posts": "最近の記事",
        "home": "ホーム",
        "no_posts": "記事はまだありません。",
        "count": "全{n}件",
        "posts_count": "{n}件",
        "previous_post": "前の記事",
        "next_post": "次の記事",
        "related_posts": "関連記事",
        "all_categories": "すべてのカテゴリー",
        "all_tags": "すべてのタグ",
        "all_authors": "すべての著者",
        "by_name": "名前順",
        "tag_cloud": "タグクラウド",
        "page_n": "{n}ページ目",
        "pages": "ページ",
        "newer_posts": "新しい記事",
        "older_posts": "古い記事",
        "posts_per_year": "年別の記事数",
        "posts_per_month": "月別の記事数",
        "year_count": "{label}: {n}件",
        "term_title_categories": "カテゴリー: {label}",
        "term_title_tags": "タグ: {label}",
        "term_title_authors": "著者: {label}",
        "not_found": "ページが見つかりません",
        "not_found_text": "お探しのページは移動または削除された可能性があります。",
        "not_found_look": "次のページから探せます:",
        "search": "検索",
        "more_posts": "ほか{n}件 →",
        "kanji_group": "漢字",
        "other_group": "その他",
        "liquid_unconverted": "{name}: この埋め込みは変換できませんでした",
        "liquid_embed": "{kind} の埋め込み（元のページを開く）",
        "missing_image": "画像がありません",
        "moved": "この記事は移動しました:",
        "less": "少",
        "more": "多",
        "posts_range": "{low}〜{high}件",
        "newest_post": "最新の記事",
    },
    "en": {
        "minutes": "{n} min read",
        "author_separator": ", ",
        "draft": "Draft",
        "authors": "Authors",
        "categories": "Categories",
        "tags": "Tags",
        "archive": "Archive",
        "recent_posts": "Recent posts",
        "home": "Home",
        "no_posts": "No posts yet.",
        "count": "{n} posts",
        "posts_count": "{n} posts",
        "previous_post": "Previous post",
        "next_post": "Next post",
        "related_posts": "Related posts",
        "all_categories": "All categories",
        "all_tags": "All tags",
        "all_authors": "All authors",
        "by_name": "By name",
        "tag_cloud": "Tag cloud",
        "page_n": "page {n}",
        "pages": "Pages",
        "newer_posts": "Newer posts",
        "older_posts": "Older posts",
        "posts_per_year": "Posts per year",
        "posts_per_month": "Posts per month",
        "year_count": "{label}: {n} posts",
        "term_title_categories": "Category: {label}",
        "term_title_tags": "Tag: {label}",
        "term_title_authors": "Author: {label}",
        "not_found": "Page not found",
        "not_found_text": "The page may have moved or been removed.",
        "not_found_look": "Look for it here:",
        "search": "Search",
        "more_posts": "{n} more →",
        "kanji_group": "Other scripts",
        "other_group": "Symbols",
        "liquid_unconverted": "{name}: could not be converted",
        "liquid_embed": "Embedded {kind} (opens the original)",
        "missing_image": "Image missing",
        "moved": "This post has moved:",
        "less": "Less",
        "more": "More",
        "posts_range": "{low}–{high} posts",
        "newest_post": "Latest post",
    },
}


def base_language(language: str | None) -> str:
    """``ja`` for ``ja``, ``ja_JP`` or ``ja-JP``: the language without its region."""
    return (language or "en").replace("-", "_").split("_")[0].lower()


def labels_for(language: str | None) -> dict[str, str]:
    """The labels of ``language`` (``ja``, ``ja_JP``, ``en-US``...), English when unknown."""
    return LABELS.get(base_language(language), LABELS["en"])
