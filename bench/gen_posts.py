#!/usr/bin/env python3
# Copied unchanged (but this line) from ../shared/tools/gen_posts.py, the generator of issue 15's
# independent measurement, so a clean clone of bunko measures both shapes (bench/run.py --shapes).
"""Generate N synthetic Japanese blog posts with Jekyll front matter.

Usage: gen_posts.py OUTDIR N [--seed S] [--tags-directive]

Each post: posts/YYYY-MM-DD-slugNNNNN.md, Jekyll front matter (layout, title with
leading "# ", date "YYYY-MM-DD HH:MM:SS +0000", categories 1-3 of 20, tags 3-8 of 300
incl. Japanese, author, excerpt, reading_time), body of ~3,000-6,000 Japanese chars with
##/### headings, a bullet list, a numbered list, a code block and a table; ends with
"---END---".  --tags-directive also inserts a ```{tags}``` block (for sphinx-tags).
Deterministic for a given seed.
"""
import argparse
import datetime as dt
import json
import random
from pathlib import Path

CATEGORIES = [
    "投資分析", "テクノロジー", "AI", "半導体", "クラウド", "経済", "市場動向", "企業分析",
    "スタートアップ", "政策", "エネルギー", "自動車", "金融", "セキュリティ", "データ",
    "教育", "ヘルスケア", "宇宙", "ロボティクス", "コラム",
]
JP_TAGS = [
    "最新ニュース", "技術動向", "投資", "チップ", "生成AI", "機械学習", "深層学習", "推論",
    "学習", "半導体", "クラウド", "データセンター", "電力", "規制", "決算", "株価", "為替",
    "金利", "インフレ", "雇用", "サプライチェーン", "量子コンピュータ", "ロボット", "自動運転",
    "電気自動車", "バッテリー", "再生可能エネルギー", "原子力", "通信", "5G", "セキュリティ",
    "プライバシー", "ブロックチェーン", "暗号資産", "フィンテック", "ヘルスケア", "創薬",
    "宇宙開発", "衛星", "スマートフォン", "ゲーム", "メタバース", "教育", "人材", "働き方",
    "リモートワーク", "オープンソース", "ソフトウェア", "ハードウェア", "ベンチマーク",
]
EN_TAGS = [
    "AI", "Amazon", "Google", "Microsoft", "Apple", "Meta", "NVIDIA", "AMD", "Intel", "TSMC",
    "OpenAI", "Anthropic", "AWS", "Azure", "GCP", "Python", "Rust", "Kubernetes", "Linux",
    "LLM", "GPU", "TPU", "ARM", "RISC-V", "C++", "Node.js", "Web3", "IoT", "SaaS", "API",
]


def build_tag_pool(rng, size=300):
    pool = list(dict.fromkeys(JP_TAGS + EN_TAGS))
    prefixes = ["次世代", "国内", "海外", "米国", "中国", "欧州", "新興", "大手", "注目", "話題の"]
    suffixes = ["市場", "戦略", "技術", "企業", "規制", "動向", "投資", "開発", "政策", "需要"]
    i = 0
    while len(pool) < size:
        cand = rng.choice(prefixes) + rng.choice(JP_TAGS[:30] + suffixes)
        if rng.random() < 0.2:
            cand = f"{rng.choice(EN_TAGS)} {rng.choice(suffixes)}"
        if cand not in pool:
            pool.append(cand)
        i += 1
        if i > 100000:
            break
    return pool[:size]


SUBJ = ["AWS", "Google", "Microsoft", "NVIDIA", "各社", "投資家", "市場", "開発者", "企業",
        "政府", "研究者", "クラウド事業者", "半導体メーカー", "スタートアップ", "利用者"]
OBJ = ["Trainium2", "Inferentia2", "Neuron SDK", "NVIDIA H100", "推論コスト", "学習基盤",
       "大規模言語モデル", "データセンター", "電力効率", "独自チップ", "サプライチェーン",
       "収益性", "価格競争力", "エコシステム", "開発環境", "メモリ帯域", "インターコネクト"]
VERB = ["を強化しています", "に注目しています", "を発表しました", "の改善を進めています",
        "への投資を拡大しています", "を再評価しています", "の導入を検討しています",
        "に大きな影響を与えます", "を前提に戦略を立てています", "の課題を指摘しています"]
CONN = ["一方で、", "さらに、", "しかし、", "また、", "その結果、", "加えて、", "特に、",
        "長期的には、", "短期的には、", "総じて、", ""]
TAIL = ["この傾向は今後も続くと考えられます。", "競争はさらに激化するでしょう。",
        "投資判断には慎重な検討が必要です。", "市場の反応は概ね好意的です。",
        "詳細は今後の発表を待つ必要があります。", "ベンチマーク結果にも注目が集まっています。",
        "推論と学習の両面で効果が期待されます。", ""]


def sentence(rng):
    return (rng.choice(CONN) + rng.choice(SUBJ) + "は" + rng.choice(OBJ) + rng.choice(VERB)
            + "。" + rng.choice(TAIL))


def paragraph(rng):
    return "".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def body(rng, target_chars):
    out = []
    n = 0
    sec = 0
    extras = ["list", "olist", "code", "table"]
    rng.shuffle(extras)
    while sum(len(x) for x in out) < target_chars:
        sec += 1
        h = f"## {rng.choice(OBJ)}と{rng.choice(OBJ)}：第{sec}部"
        out.append(h)
        out.append("")
        for j in range(rng.randint(2, 4)):
            if j == 1:
                out.append(f"### {rng.choice(SUBJ)}の視点から見た{rng.choice(OBJ)}")
                out.append("")
            p = paragraph(rng)
            n += len(p)
            out.append(p)
            out.append("")
        if extras:
            kind = extras.pop()
            if kind == "list":
                for _ in range(rng.randint(3, 5)):
                    out.append(f"- {rng.choice(OBJ)}：{sentence(rng)}")
            elif kind == "olist":
                for k in range(rng.randint(3, 5)):
                    out.append(f"{k + 1}. {rng.choice(SUBJ)}が{rng.choice(OBJ)}{rng.choice(VERB)}")
            elif kind == "code":
                out += ["```python", "import torch", "# Neuron SDK で推論を実行する例",
                        "model = torch.jit.load('model.pt')",
                        "out = model(torch.rand(1, 3, 224, 224))", "print(out.shape)", "```"]
            elif kind == "table":
                out += ["| チップ | 用途 | 性能向上 |", "|---|---|---|",
                        f"| Trainium2 | 学習 | {rng.randint(10, 90)}% |",
                        f"| Inferentia2 | 推論 | {rng.randint(10, 90)}% |",
                        f"| NVIDIA H100 | 汎用 | {rng.randint(10, 90)}% |"]
            out.append("")
    out.append("---END---")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--tags-directive", action="store_true")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    tags_pool = build_tag_pool(rng)
    out = Path(a.outdir) / "posts"
    out.mkdir(parents=True, exist_ok=True)
    start = dt.datetime(2016, 1, 1)
    span = 10 * 365 * 86400
    total = 0
    for i in range(a.n):
        d = start + dt.timedelta(seconds=rng.randrange(span))
        cats = rng.sample(CATEGORIES, rng.randint(1, 3))
        tags = rng.sample(tags_pool, rng.randint(3, 8))
        title = f"# {rng.choice(SUBJ)}と{rng.choice(OBJ)}の可能性とは？（{i}）"
        fm = [
            "---", "layout: post",
            f"title: {json.dumps(title, ensure_ascii=False)}",
            f"date: {d:%Y-%m-%d %H:%M:%S} +0000",
            f"categories: {json.dumps(cats, ensure_ascii=False)}",
            f"tags: {json.dumps(tags, ensure_ascii=False)}",
            'author: "ALLFORCES編集部"',
            f'excerpt: "**{rng.choice(OBJ)}**について詳細に分析します。"',
            f"reading_time: {rng.randint(3, 12)}", "---", "",
        ]
        if a.tags_directive:
            fm += ["```{tags} " + ", ".join(tags), "```", ""]
        b = body(rng, rng.randint(3000, 6000))
        total += len(b)
        (out / f"{d:%Y-%m-%d}-post{i:05d}.md").write_text("\n".join(fm) + "\n" + b, encoding="utf8")
    print(f"wrote {a.n} posts to {out}, avg body {total // max(a.n, 1)} chars")


if __name__ == "__main__":
    main()
