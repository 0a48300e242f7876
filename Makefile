# `make demo` and `make test` need only Python 3.11+ and make: each builds the venv it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck check clean browser tools bytecode
CHROMIUM ?= /usr/bin/chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

# Where PYTHONDONTWRITEBYTECODE is set (CI machines, containers), every process the demo and the
# tests start (crawls, CLI calls, extraction workers) would compile the package again: ~0.7 s each.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q levantcrawl

demo: $(STAMP) bytecode
	$(BIN)/python scripts/demo.py

# The HTML diff test renders in headless Chromium. CI (root on Debian) installs it; on a
# laptop without it that test skips and says so.
browser:
	@if [ -n "$$CI" ] && [ ! -x $(CHROMIUM) ]; then \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; fi

# The README's cron script reads the crawl summary with jq, and a test runs that script. CI
# installs it; on a laptop without it that test skips and says so.
tools:
	@if [ -n "$$CI" ] && ! command -v jq >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq jq >/dev/null; fi

# The whole suite: lint and types first (fast, and they catch what tests miss), then pytest.
test: $(STAMP) browser tools bytecode
	$(BIN)/ruff check levantcrawl tests scripts benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check levantcrawl tests scripts benchmarks
	$(BIN)/ruff format --check levantcrawl tests scripts benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint test

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache *.egg-info
