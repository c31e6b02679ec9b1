# This site's settings. bunko supplies the defaults a blog archive needs (which files are
# posts, templates, the sidebar); every bunko_* option is listed in README.md.
import os

project = "文庫 bunko"
author = "bunko"
copyright = "2026, bunko"
language = "ja"

extensions = ["bunko", "sphinx_tags"]
html_theme = "furo"
html_title = "文庫 bunko"
templates_path = ["_templates"]
html_static_path = ["_static"]

# The published address: feeds, sitemap, canonical links and the 404 page use it. Read the
# Docs sets READTHEDOCS_CANONICAL_URL; elsewhere pass -D html_baseurl=https://.../ (the
# GitHub Pages workflow does). Without it, bunko writes no absolute URL.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

bunko_posts_dir = "posts"
bunko_posts_per_page = 10
bunko_timezone = "Asia/Tokyo"
