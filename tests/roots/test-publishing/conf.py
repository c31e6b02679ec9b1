extensions = ["bunko"]
html_theme = "furo"
language = "ja"
project = "publishing"
bunko_timezone = "Asia/Tokyo"
bunko_jekyll_redirects = True
bunko_feed_length = 2
