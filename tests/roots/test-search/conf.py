extensions = ["bunko"]
html_theme = "furo"
language = "ja"
project = "search"
bunko_show_drafts = True
