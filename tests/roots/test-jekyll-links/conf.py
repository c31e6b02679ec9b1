extensions = ["bunko"]
html_theme = "furo"
language = "ja"
project = "jekyll-links"
bunko_timezone = "Asia/Tokyo"
