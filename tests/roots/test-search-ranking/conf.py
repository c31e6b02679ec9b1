extensions = ["bunko"]
html_theme = "furo"
language = "ja"
project = "search-ranking"
