extensions = ["bunko"]
html_theme = "furo"
language = "ja"
project = "test"
bunko_timezone = "UTC"
