"""bunko's full-text search: one splitter for the index and the query, offline results.

``scripts.py`` defines the character classes once (the browser reads them from the
``bunko-scripts.js`` each build writes) and ``normalize.py`` the one normalisation;
``splitter.py`` cuts normalised text into the keys of the index (Latin words whole, CJK runs as
character bigrams) and is mirrored token for token by ``static/bunko-splitter.js``;
``words.py`` adds dictionary words (MeCab) of titles, tags and excerpts for whole-word
ranking; ``collect.py`` keeps each post's text and keys in the Sphinx environment;
``index.py`` writes the index the browser and the command line read; ``ranking.py`` is the
one ranking spec that ``static/bunko-search.js`` implements again for the browser;
``results.py`` shows hits in the terminal; ``language.py`` gives Sphinx's own index (the
pages that are not posts) the same splitter; ``ui.py`` gives the browser's search box (the
search page, and the dialog on every page) its words in the site's language.

Why bunko's page ranks with its own index rather than Sphinx's ``searchindex.js`` and
``html_search_scorer``: Sphinx's index has two fields (titles, text), scores a page by the
best single word, breaks ties alphabetically and fetches summaries with ``fetch()`` (which
fails from ``file://``); ``Scorer.score`` only sees that score, the title and the file name.
Tags, categories, excerpts, dates, whole-word against substring and offline snippets need the
data this package writes. The page is still Sphinx's ``search.html`` with its
``#search-results``, without ``searchtools.js``: bunko's index holds every page.
"""
