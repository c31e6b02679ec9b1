# make html: set up .venv (once) and build posts/ into _build/html.
# make test: same set-up, then the whole test suite.
PYTHON      ?= python3
VENV        ?= .venv
SPHINXOPTS  ?=
PYTESTOPTS  ?=
FUZZ_MINUTES ?= 10
BUILDDIR    ?= _build
BIN          = $(VENV)/bin
STAMP        = $(VENV)/.bunko-installed

.PHONY: html test clean lint fuzz

html: $(STAMP)
	$(BIN)/sphinx-build -M html . $(BUILDDIR) -j auto $(SPHINXOPTS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTESTOPTS)

lint: $(STAMP)
	$(BIN)/python -m ruff check bunko tests

# Whole post files through bunko for FUZZ_MINUTES; prints how many it tried.
fuzz: $(STAMP)
	$(BIN)/python tests/fuzz_posts.py --minutes $(FUZZ_MINUTES)

clean:
	rm -rf $(BUILDDIR)

# Re-install when the project's dependencies change; a second run reuses .venv.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)
