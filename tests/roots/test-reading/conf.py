extensions = ["bunko"]
html_theme = "furo"
language = "ja"
project = "読みもの"
copyright = "2026, 編集部"
bunko_timezone = "Asia/Tokyo"
