"""Synthetic posts in the seed's format, for the benchmark (``make bench``).

Deterministic: post ``i`` depends only on ``(seed, i)``, so the 100 posts of N=100 are the
first 100 of N=1,000 and a run can be repeated byte for byte. Each post looks like
``../shared/seed/2026-02-10-aws-ai-chips.md``: Jekyll front matter (a title that sometimes keeps
its "# ", a ``+0000`` date, 1–3 of 20 categories, 3–8 of 300 tags, an author, usually an
excerpt, sometimes ``reading_time``) and a Japanese body of 3,000–6,000 characters with ``##``
and ``###`` headings, lists, a fenced code block and a table.

    python bench/generate.py 1000 /tmp/site/posts
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

DEFAULT_SEED = 20260210
#: A word every post's body contains at least once: the query of the search timing.
SEARCH_WORD = "Kubernetes"

CATEGORIES = (
    "投資分析", "技術解説", "クラウド", "AI研究", "開発手法", "セキュリティ", "データ基盤",
    "半導体", "スタートアップ", "キャリア", "書評", "イベント", "市場動向", "オープンソース",
    "インフラ", "モバイル", "Web開発", "組織論", "規制と政策", "ニュース",
)

_LATIN_TAGS = (
    "AI", "AWS", "Google", "Microsoft", "Amazon", "NVIDIA", "Apple", "Meta", "OpenAI", "Azure",
    "GCP", "Python", "Rust", "Go", "TypeScript", "JavaScript", "Java", "Kotlin", "Swift", "C++",
    "Docker", "Kubernetes", "Terraform", "Ansible", "Linux", "PostgreSQL", "MySQL", "Redis",
    "Kafka", "Spark", "Snowflake", "BigQuery", "dbt", "Airflow", "React", "Vue", "Svelte",
    "Next.js", "Node.js", "Deno", "GraphQL", "REST", "gRPC", "WebAssembly", "LLM", "RAG",
    "GPU", "TPU", "CUDA", "Trainium", "Inferentia", "H100", "A100", "TSMC", "Intel", "AMD",
    "Arm", "RISC-V", "iOS", "Android", "Flutter", "Unity", "SaaS", "PaaS", "IaaS", "DevOps",
    "SRE", "MLOps", "CI/CD", "GitHub", "GitLab", "Slack", "Notion", "Figma", "Stripe",
    "Shopify", "Salesforce", "SAP", "Oracle", "IBM", "Cisco", "Tesla", "SpaceX", "Sony",
    "Nintendo", "Toyota", "SoftBank", "Rakuten", "LINE", "Mercari", "ChatGPT", "Gemini",
    "Claude", "Llama", "Mistral", "Transformer", "PyTorch", "TensorFlow", "JAX", "ONNX",
    "Graviton",
)
_JAPANESE_STEMS = (
    "生成", "機械学習", "深層学習", "推論", "学習", "半導体", "クラウド", "投資", "株式",
    "決算", "戦略", "規制", "倫理", "教育", "医療", "金融", "製造", "物流", "小売", "広告",
    "検索", "翻訳", "音声", "画像", "動画", "自動運転", "量子", "通信", "電力", "データ",
)
_JAPANESE_SUFFIXES = ("", "技術", "市場", "動向", "入門", "事例", "戦略")
#: Spellings that are one tag for bunko (NFKC + casefold) and several for plainer tools.
_VARIANT_TAGS = ("ＡＩ", "ai", "ＡＷＳ", "python", "ＧＰＵ", "ｋｕｂｅｒｎｅｔｅｓ", "llm",
                 "ＬＬＭ", "チップ", "最新ニュース", "技術動向")


def _tag_names() -> tuple[str, ...]:
    names = list(_LATIN_TAGS) + list(_VARIANT_TAGS)
    for suffix in _JAPANESE_SUFFIXES:
        for stem in _JAPANESE_STEMS:
            name = stem + suffix
            if name not in names:
                names.append(name)
    return tuple(names[:300])


TAGS = _tag_names()
AUTHORS = ("ALLFORCES編集部", "山田太郎", "佐藤花子", "鈴木一郎", "田中美咲", "Editorial Team")

_TOPICS = ("生成AI", "クラウド基盤", "半導体市場", "データ活用", "開発者体験", "セキュリティ対策",
           "大規模言語モデル", "エッジコンピューティング", "分散システム", "検索技術",
           "推論コスト", "オープンソース戦略", "サプライチェーン", "規制対応", "人材育成")
_PRODUCTS = ("AWS", "Azure", "Google Cloud", "NVIDIA H100", "Trainium2", "Inferentia2",
             "TPU v5", SEARCH_WORD, "PostgreSQL", "Snowflake", "PyTorch", "Rust", "Next.js",
             "ChatGPT", "Gemini", "Graviton4", "RISC-V", "WebAssembly")
_OPENERS = ("おいおい、", "正直に言うと、", "考えてみてほしい。", "ここで大事なのは、",
            "私自身の経験から言えば、", "もちろん、", "結局のところ、", "でもね、", "個人的には、",
            "さて、")
_CLAIMS = (
    "{p}が{t}のあり方を大きく変えつつあるのは間違いないだろう。",
    "{t}の分野では、{p}の採用が過去一年で{n}%以上も増えたという調査がある。",
    "{p}を使えば、これまで数週間かかっていた{t}の作業が数日で終わるようになる。",
    "多くの企業が{t}に投資しているが、{p}をうまく使いこなしている組織はまだ少ない。",
    "{t}の本質は技術そのものよりも、それを支える組織と文化にあると私は見ている。",
    "{p}の価格は下がり続けていて、{t}の敷居は確実に低くなっているんだ。",
    "{t}をめぐる競争は、{p}のようなプラットフォームを持つ企業に有利に働くだろうね。",
    "君がもし{t}に関わっているなら、{p}の動向からは目が離せないはずだ。",
    "{p}の登場で、{t}に必要なコストはおよそ{n}分の一になったと言われている。",
    "ただし、{t}にはまだ解決されていない課題が山ほど残っているのも事実だ。",
    "{p}はあくまで道具であって、{t}の目的を見失ってはいけない。",
    "市場は{t}に過剰な期待を寄せているが、{p}の実力は冷静に評価すべきだ。",
)
_HEADINGS = ("{t}の現在地", "{p}が変えるもの", "なぜ今{t}なのか", "{t}と{p}の関係",
             "技術者へのアドバイス", "投資家の視点から", "{p}の課題と限界", "これからの{t}",
             "{t}の深層：エコシステム全体での戦い", "まとめ：{t}をどう活かすか")
_TITLES = ("{p}の可能性とは？", "{t}の未来を読み解く", "{p}、{t}で{n}%性能向上の衝撃",
           "{t}入門：{p}から始める", "{p}は{t}をどう変えるのか", "{t}の最前線と{p}")
_CODE_BLOCKS = (
    ("python", "import boto3\n\nclient = boto3.client(\"sagemaker\")\n"
               "response = client.list_models(MaxResults={n})\n"
               "for model in response[\"Models\"]:\n    print(model[\"ModelName\"])\n"),
    ("bash", "kubectl get pods -n inference --selector app=llm\n"
             "kubectl scale deployment llm-server --replicas={n}\n"),
    ("yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: search-{n}\n"
             "spec:\n  replicas: 3\n"),
    ("json", "{{\n  \"model\": \"llm-{n}b\",\n  \"max_tokens\": 1024,\n"
             "  \"temperature\": 0.2\n}}\n"),
    ("rust", "fn main() {{\n    let total: u64 = (1..={n}).sum();\n"
             "    println!(\"{{total}}\");\n}}\n"),
)


def post_file_name(index: int, seed: int = DEFAULT_SEED) -> str:
    return _plan(index, seed)[0]


def _plan(index: int, seed: int) -> tuple[str, datetime, random.Random]:
    rng = random.Random(f"bunko-bench-{seed}-{index}")
    # Newest first, almost two posts a day back from the seed's date, so 10,000 posts
    # reach back to 2011 and none is in the future (ABlog treats future posts as drafts).
    when = (datetime(2026, 2, 10, tzinfo=timezone.utc)
            - timedelta(days=index * 0.55, seconds=rng.randrange(40000)))
    name = f"{when:%Y-%m-%d}-post-{index:05d}-{rng.choice(_LATIN_TAGS).lower()}"
    name = "".join(c if c.isalnum() or c == "-" else "-" for c in name) + ".md"
    return name, when, rng


def _fill(template: str, rng: random.Random) -> str:
    return template.format(t=rng.choice(_TOPICS), p=rng.choice(_PRODUCTS),
                           n=rng.randrange(2, 90))


def _paragraph(rng: random.Random) -> str:
    sentences = [rng.choice(_OPENERS) + _fill(rng.choice(_CLAIMS), rng)]
    sentences += [_fill(rng.choice(_CLAIMS), rng) for _ in range(rng.randrange(3, 7))]
    if rng.random() < 0.3:
        sentences.insert(1, f"**{_fill('{p}と{t}', rng)}**こそが鍵になる。")
    return "".join(sentences)


def _list(rng: random.Random) -> str:
    marker = "-" if rng.random() < 0.6 else "1."
    return "\n".join(f"{marker} **{_fill('{p}', rng)}**：{_fill(rng.choice(_CLAIMS), rng)}"
                     for _ in range(rng.randrange(3, 6)))


def _table(rng: random.Random) -> str:
    rows = ["| 項目 | 従来 | 新方式 | 差 |", "|---|---|---|---|"]
    for _ in range(rng.randrange(3, 6)):
        before, after = rng.randrange(10, 100), rng.randrange(10, 100)
        rows.append(f"| {_fill('{t}', rng)} | {before} | {after} | {after - before:+d} |")
    return "\n".join(rows)


def _code(rng: random.Random) -> str:
    language, code = rng.choice(_CODE_BLOCKS)
    return f"```{language}\n{code.format(n=rng.randrange(2, 64))}```"


def _body(rng: random.Random, length: int) -> str:
    blocks = [f"## {_fill(rng.choice(_TITLES), rng)}", _paragraph(rng),
              f"{SEARCH_WORD}の話から始めよう。" + _paragraph(rng)]
    extras = [_list, _code, _table]
    size = sum(map(len, blocks))
    while size < length:
        if extras and rng.random() < 0.35:
            block = extras.pop(rng.randrange(len(extras)))(rng)
        elif rng.random() < 0.2:
            level = "###" if rng.random() < 0.5 else "##"
            block = f"{level} {_fill(rng.choice(_HEADINGS), rng)}"
        else:
            block = _paragraph(rng)
        blocks.append(block)
        size += len(block) + 2
    # A list, a code block and a table in every post, whatever the length drawn.
    for make in extras:
        blocks.insert(len(blocks) - 1, make(rng))
    return "\n\n".join(blocks)


def _quoted(items: list[str]) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def post_text(index: int, seed: int = DEFAULT_SEED) -> str:
    name, when, rng = _plan(index, seed)
    title = _fill(rng.choice(_TITLES), rng)
    if rng.random() < 0.4:
        title = "# " + title
    categories = rng.sample(CATEGORIES, rng.randint(1, 3))
    tags = rng.sample(TAGS, rng.randint(3, 8))
    lines = ["---", "layout: post", f'title: "{title}"',
             f"date: {when:%Y-%m-%d %H:%M:%S} +0000", f"categories: {_quoted(categories)}"]
    # Mostly a YAML list as in the seed; sometimes Jekyll's space-separated string.
    if rng.random() < 0.15:
        lines.append("tags: " + " ".join(tag.replace(" ", "") for tag in tags))
    else:
        lines.append(f"tags: {_quoted(tags)}")
    lines.append(f'author: "{rng.choice(AUTHORS)}"')
    if rng.random() < 0.85:
        product, topic = _fill("{p}", rng), _fill("{t}", rng)
        lines.append(f'excerpt: "**{product}**について{topic}の観点から分析します。"')
    if rng.random() < 0.5:
        lines.append(f"reading_time: {rng.randint(4, 12)}")
    lines.append("---")
    body = _body(rng, rng.randint(3000, 6000))
    ending = "\n\n---END---" if rng.random() < 0.3 else ""
    return "\n".join(lines) + "\n\n" + body + ending + "\n"


def generate(count: int, folder: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write posts 0 … count-1 into ``folder`` (created); returns their paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / post_file_name(index, seed)
        path.write_text(post_text(index, seed), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="how many posts")
    parser.add_argument("folder", type=Path, help="where to write them (created)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    paths = generate(args.count, args.folder, args.seed)
    print(f"{len(paths)} posts in {args.folder}")


if __name__ == "__main__":
    main()
