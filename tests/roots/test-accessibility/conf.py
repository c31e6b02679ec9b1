extensions = ["bunko"]
html_theme = "furo"
language = "ja"
project = "アクセシビリティ"
author = "編集部"
copyright = "2026, 編集部"
bunko_posts_per_page = 2
bunko_timezone = "Asia/Tokyo"
