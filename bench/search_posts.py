"""Synthetic Japanese posts for the search benchmark (``bench/search_bench.py``).

Deterministic: post ``i`` depends only on ``i``. Each post has Jekyll front matter (title,
date, 1-2 categories, 3-6 tags, an excerpt) and a body of 3,000-6,000 characters of Japanese
sentences with Latin product names, ``##`` headings, a list and a code block.

    python bench/search_posts.py 1000 /tmp/site/posts
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

CATEGORIES = ("技術解説", "クラウド", "AI研究", "開発手法", "セキュリティ", "データ基盤",
              "半導体", "市場動向", "オープンソース", "インフラ")
TAGS = ("AI", "AWS", "GPU", "LLM", "Kubernetes", "Rust", "Python", "推論", "学習", "半導体",
        "クラウド", "検索", "データベース", "量子計算", "自動運転", "ＡＩ", "セキュリティ",
        "機械学習", "深層学習", "分散システム")
PRODUCTS = ("AWS", "Trainium2", "H100", "gpt-4o", "PostgreSQL", "Kubernetes", "PyTorch",
            "Graviton4", "TPU v5", "Inferentia2", "Snowflake", "Next.js", "RISC-V")
TOPICS = ("生成AI", "クラウド基盤", "半導体市場", "データ活用", "開発者体験", "セキュリティ対策",
          "大規模言語モデル", "エッジコンピューティング", "分散システム", "検索技術",
          "推論コスト", "オープンソース戦略", "サプライチェーン", "規制対応", "人材育成",
          "量子コンピュータ", "自動運転", "電力消費", "ベクトル検索", "可観測性")
SENTENCES = (
    "{p}が{t}のあり方を大きく変えつつあるのは間違いないだろう。",
    "{t}の分野では、{p}の採用が過去一年で{n}%以上も増えたという調査がある。",
    "{p}を使えば、これまで数週間かかっていた{t}の作業が数日で終わるようになる。",
    "多くの企業が{t}に投資しているが、{p}をうまく使いこなしている組織はまだ少ない。",
    "{t}の本質は技術そのものよりも、それを支える組織と文化にあると私は見ている。",
    "{p}の価格は下がり続けていて、{t}の敷居は確実に低くなっている。",
    "{t}をめぐる競争は、{p}のようなプラットフォームを持つ企業に有利に働くだろう。",
    "{p}の登場で、{t}に必要なコストはおよそ{n}分の一になったと言われている。",
    "ただし、{t}にはまだ解決されていない課題が山ほど残っているのも事実だ。",
    "市場は{t}に過剰な期待を寄せているが、{p}の実力は冷静に評価すべきだ。",
)
HEADINGS = ("{t}の現在地", "{p}が変えるもの", "なぜ今{t}なのか", "{t}と{p}の関係", "これからの{t}")
TITLES = ("{p}の可能性とは？", "{t}の未来を読み解く", "{t}入門：{p}から始める",
          "{p}は{t}をどう変えるのか", "{t}の最前線と{p}")


def post(index: int) -> tuple[str, str]:
    """File name and text of post ``index``."""
    rng = random.Random(f"bunko-search-{index}")
    when = datetime(2026, 2, 10, tzinfo=timezone.utc) - timedelta(days=index * 0.55)

    def fill(pattern: str) -> str:
        return pattern.format(p=rng.choice(PRODUCTS), t=rng.choice(TOPICS),
                              n=rng.randrange(2, 90))

    title = fill(rng.choice(TITLES))
    body: list[str] = []
    target = rng.randrange(3000, 6000)
    size = 0
    while size < target:
        heading = fill(rng.choice(HEADINGS))
        paragraph = "".join(fill(rng.choice(SENTENCES)) for _ in range(rng.randrange(3, 8)))
        body += [f"## {heading}", "", paragraph, ""]
        size += len(heading) + len(paragraph)
        if rng.random() < 0.2:
            body += [f"- {fill('{t}と{p}')}" for _ in range(3)] + [""]
        if rng.random() < 0.1:
            body += ["```python", f"print({rng.randrange(100)})", "```", ""]
    tags = ", ".join(f'"{tag}"' for tag in rng.sample(TAGS, rng.randrange(3, 7)))
    categories = ", ".join(f'"{c}"' for c in rng.sample(CATEGORIES, rng.randrange(1, 3)))
    text = (f"---\ntitle: \"{title}\"\ndate: {when:%Y-%m-%d %H:%M:%S} +0000\n"
            f"categories: [{categories}]\ntags: [{tags}]\n"
            f"excerpt: \"{fill(rng.choice(SENTENCES))}\"\n---\n\n" + "\n".join(body) + "\n")
    return f"{when:%Y-%m-%d}-post-{index:05d}.md", text


def write_posts(count: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        name, text = post(index)
        (folder / name).write_text(text, "utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    arguments = parser.parse_args()
    write_posts(arguments.count, arguments.folder)
