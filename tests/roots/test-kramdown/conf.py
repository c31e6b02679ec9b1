extensions = ["bunko"]
html_theme = "furo"
language = "en"
project = "test"
bunko_timezone = "UTC"
