extensions = ["bunko"]
html_theme = "furo"
language = "ja"
project = "search-ui"
bunko_timezone = "Asia/Tokyo"
bunko_show_drafts = True
