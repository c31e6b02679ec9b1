extensions = ["bunko"]
html_theme = "furo"
language = "en"
project = "Reading"
copyright = "2026, The Editors"
html_favicon = "icon.svg"
