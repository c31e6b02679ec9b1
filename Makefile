# make html: set up .venv (once) and build posts/ into _build/html.
# make test: same set-up, then the whole test suite on TEST_WORKERS processes (pytest-xdist;
# auto: 2, or 0 when PYTESTOPTS picks tests with -k, -m or a path; 0 runs it in this one).
# make bench: bunko against the floor (Sphinx + MyST + furo), plain Sphinx and ABlog at N=100
# and 1,000 (bench/run.py);
# make bench-large adds 10,000, make bench-huge is bunko alone up to 100,000.
PYTHON      ?= python3
VENV        ?= .venv
SPHINXOPTS  ?=
PYTESTOPTS  ?=
TEST_WORKERS ?= auto
FUZZ_MINUTES ?= 10
BUILDDIR    ?= _build
BIN          = $(VENV)/bin
STAMP        = $(VENV)/.bunko-installed
TEST_STAMP   = $(VENV)/.bunko-test-installed
BENCH_STAMP  = $(VENV)/.bunko-bench-installed
ABLOG_VENV   = bench/.venv-ablog
ABLOG_STAMP  = $(ABLOG_VENV)/.installed
BENCHOPTS   ?=

.PHONY: html test clean lint fuzz

html: $(STAMP)
	$(BIN)/sphinx-build -M html . $(BUILDDIR) -j auto $(SPHINXOPTS)

# loadfile: a test file's tests stay on one worker, as do the files that read one costly
# build of the session (SHARED_BUILD_FILES in tests/conftest.py).
test: $(TEST_STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTESTOPTS)

lint: $(TEST_STAMP)
	$(BIN)/python -m ruff check bunko tests

# Whole post files through bunko for FUZZ_MINUTES; prints how many it tried.
fuzz: $(TEST_STAMP)
	$(BIN)/python tests/fuzz_posts.py --minutes $(FUZZ_MINUTES)

# Benchmarks are not tests: they print and write bench/results/, and fail on no timing.
# Each bunko size is built three times (--repeat) in both shapes of posts (generate.py's and
# issue 15's gen_posts.py); every rebuild is compared with a clean build.
.PHONY: bench bench-large bench-huge bench-hostile
bench: $(TEST_STAMP) $(BENCH_STAMP) $(ABLOG_STAMP)
	$(BIN)/python bench/run.py --sizes 100 1000 --bunko-only 300 \
		--shapes generate gen_posts $(BENCHOPTS)

bench-large: $(TEST_STAMP) $(BENCH_STAMP) $(ABLOG_STAMP)
	$(BIN)/python bench/run.py --sizes 100 1000 10000 --bunko-only 300 3000 \
		--shapes generate gen_posts --plain-cap 1200 --ablog-cap 1800 $(BENCHOPTS)

# bunko alone at 1,000, 10,000 and 100,000 posts of generate.py, one full build each, for the
# cost per post (time and memory, the slope of the fit); every process capped at 14 GB of
# address space and the tree stopped over 12 GB (the machine is shared). Hours.
bench-huge: $(TEST_STAMP) $(BENCH_STAMP)
	prlimit --as=14000000000 $(BIN)/python bench/run.py --sizes 1000 10000 100000 \
		--no-anchors --repeat 1 --no-rebuilds --no-search --memory-cap-mb 12288 \
		--name results-huge $(BENCHOPTS)

# Bad input at scale: a post over 1,000,000 characters, 10,000 tags on a post, 5,000 posts on
# one day, 50,000 posts in one category (bench/results/hostile-scale.md).
bench-hostile: $(TEST_STAMP) $(BENCH_STAMP)
	prlimit --as=14000000000 $(BIN)/python bench/hostile_scale.py $(BENCHOPTS)

clean:
	rm -rf $(BUILDDIR)

# Re-install when the project's dependencies change; a second run reuses .venv. Building
# needs only bunko's own dependencies; the test tools come with make test, lint and fuzz.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

$(BENCH_STAMP): $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

# ABlog, the anchor, lives in a venv of its own: it is no dependency of bunko.
$(ABLOG_STAMP): bench/requirements-ablog.txt
	test -x $(ABLOG_VENV)/bin/python || $(PYTHON) -m venv $(ABLOG_VENV)
	$(ABLOG_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(ABLOG_VENV)/bin/python -m pip install --quiet -r bench/requirements-ablog.txt
	touch $(ABLOG_STAMP)
