# This site's settings. bunko supplies the defaults a blog archive needs (which files are
# posts, templates, the sidebar); every bunko_* option is listed in README.md.
project = "文庫 bunko"
author = "bunko"
copyright = "2026, bunko"
language = "ja"

extensions = ["bunko", "sphinx_tags"]
html_theme = "furo"
html_title = "文庫 bunko"
templates_path = ["_templates"]
html_static_path = ["_static"]

bunko_posts_dir = "posts"
bunko_posts_per_page = 10
bunko_timezone = "Asia/Tokyo"
