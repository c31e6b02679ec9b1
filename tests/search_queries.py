"""The search query table: each query and a post it must find in the top 3.

One table for the browser (file:// and HTTP), the command line and the recall benchmark
(``bench/search_bench.py``), so all of them measure the same thing. Expected posts are named by
a part of their URL. Japanese, English and mixed queries; unspaced compounds, full-width
letters and Latin words with digits on purpose.
"""

from __future__ import annotations

#: Against the sample posts in ``posts/``.
SAMPLE_QUERIES: list[tuple[str, str]] = [
    ("推論", "2026-01-15-llm-inference-cost"),
    ("推論処理", "2026-01-15-llm-inference-cost"),
    ("大規模言語モデル", "2026-01-15-llm-inference-cost"),
    ("言語モデル", "2026-01-15-llm-inference-cost"),
    ("trainium2", "2026-01-15-llm-inference-cost"),
    ("h100", "2026-01-15-llm-inference-cost"),
    ("メモリ帯域", "2026-01-15-llm-inference-cost"),
    ("ＡＷＳ", "2026-02-10-aws-ai-chips"),
    ("AWS チップ", "2026-02-10-aws-ai-chips"),
    ("ベクトル", "2025-12-03-vector-database"),
    ("ベクトルデータベース", "2025-12-03-vector-database"),
    ("static archive", "2025-11-20-why-a-static-archive"),
    ("offline", "2025-11-20-why-a-static-archive"),
    ("Jekyll 移行", "2024-2-5-jekyll-migration-notes"),
    ("liquid", "2024-2-5-jekyll-migration-notes"),
]

#: Against the vim-jp corpus (``../shared/corpora/vim-jp/_posts``).
VIM_JP_QUERIES: list[tuple[str, str]] = [
    ("正規表現エンジン", "2013-05-23-vim-7.4-want-more-testers"),
    ("絵文字", "2017-11-27-windows-colored-emoji"),
    ("diffopt", "2018-12-12-new-diffopts-value"),
    ("端末機能", "2018-03-19-terminal-changes"),
    ("undoの永続化", "2014-11-12-Did-you-know-about-persistent-undo"),
    ("undofile 永続化", "2014-11-12-Did-you-know-about-persistent-undo"),
    ("Bram Moolenaar 質問", "2014-11-29-vim-creator-bram-moolenaar"),
    ("CVE-2016-1248", "2016-11-24-CVE-2016-1248"),
    ("ctags エンコーディング", "2015-07-09-ctags-encoding-options"),
    ("チャリティー決算報告 2015", "2016-03-11-vim_charity_financial_report_2015"),
    ("ビットコイン", "2013-06-15-vim_charity_donate_bitcoins"),
    ("migemo", "2014-08-08-dropped-migemo-from-ctrlp-vim"),
    ("NYSL", "2012-07-02-vital-is-licensed-as-nysl"),
    ("vimrc読書会", "2016-07-02-reading_vimrc-quadrennial"),
    ("Slack アイコン", "2020-05-15-slack-logo"),
    ("ヘルプ翻訳", "2011-10-14-vimdoc_ja"),
    ("ｖｉｍｄｏｃ－ｊａ", "2023-11-20-vimdoc-ja-is-now-latest"),
    ("CTRL-A", "2015-06-30-visual-ctrl-a-ctrl-x"),
    ("ruby拡張", "2012-08-03-changes-in-rubyinterp-build"),
    ("外部コマンド", "2012-02-22-patch_7.3.447"),
    ("シェル パイプ", "2015-10-15-tovim-on-shell-command-pipes"),
    ("カラースキーム", "2013-03-08-vim_advent_calendar_2012_98th_day"),
    ("テクニックバイブル", "2011-09-16-vim_technique_bible"),
    ("パッチの書き方", "2011-09-22-how_to_write_patches"),
    ("10周年", "2021-09-16-vim-jp-10th-anniversary"),
    ("Hackathon Berlin", "2015-10-09-berlins-first-community-driven-vim"),
    ("cpp.vim", "2012-06-14-vim-jp-become-maintenar-of-cpp-vim"),
    ("新機能解説", "2016-09-13-vim8.0-features"),
    ("Regexp engine", "2013-06-10-regexp-engine-work"),
    ("編集リンク", "2018-06-13-send-us-your-fix-for-doc"),
    ("プラグイン製作者", "2011-11-25-dubious_script"),
    ("Google Code Github", "2015-08-25-Vim-has-moved-from-Google-Code"),
    ("寄付金", "2015-12-02-Vim-donations"),
    ("Learn Vim script", "2011-11-12-learn_vimscript"),
    ("起動時にハング", "2011-10-21-patch_7.3.344"),
]
