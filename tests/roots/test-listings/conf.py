extensions = ["bunko"]
html_theme = "furo"
language = "ja"
project = "listings"
bunko_posts_per_page = 2
bunko_timezone = "Asia/Tokyo"
