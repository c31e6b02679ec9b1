extensions = ["bunko"]
html_theme = "furo"
language = "ja"
project = "related-content"
bunko_timezone = "Asia/Tokyo"
