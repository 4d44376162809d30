# Two commands for a newcomer: `make serve` (preview) and `make test` (the whole suite).
# Every target sets up what it needs on first use: a virtualenv from pinned versions
# (constraints.txt, torch 2.13.0 CPU) and KaTeX from package-lock.json.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
LANGUAGE ?=
HOST ?= 127.0.0.1:8000

.PHONY: help deps serve site pdf test lint browser clean translations translated bench
.DEFAULT_GOAL := help

help:
	@echo "make serve              preview the bilingual site with live reload at http://$(HOST)"
	@echo "make serve LANGUAGE=it  preview one language only"
	@echo "make site               build every language into site/"
	@echo "make pdf                build the site, then print its explainer into one PDF per language (site/pdf/, site/it/pdf/)"
	@echo "make test               run the whole test suite, strict site builds included (and make lint)"
	@echo "make lint               check the code's style and format with ruff"
	@echo "make bench              measure build times, the edit loop, Lighthouse scores and page weights"
	@echo "make translations       every translated page: up to date, out of date (with the English diff) or missing"
	@echo "make translated PAGE=docs/it/why.md   record that a page now matches its English source"

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[docs,test]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

deps: $(VENV)/.installed node_modules/.package-lock.json

serve: deps
	$(PY) scripts/serve.py --address $(HOST) $(if $(LANGUAGE),--language $(LANGUAGE))

site: deps
	$(PY) scripts/build_site.py

# The explainer on paper, printed by the browser tests' Chromium from the built site.
pdf: site browser
	$(PY) scripts/make_pdf.py site

# Debian's Chromium for the browser tests (never `playwright install`: no browser downloads here).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: deps browser lint
	$(PY) -m pytest

# Writes benchmarks/results.json, which the Performance page shows (commit it with the change
# it measures). Takes about an hour: cold and warm builds (with three more languages too), then
# Lighthouse three times on every page in both colour schemes.
bench: deps browser
	$(PY) scripts/bench.py

# CI=1 (what CI runs on every pull request) makes a structural difference, or anything the build
# refuses in a page, an error; a missing page is not one (it is published in English, with a notice).
translations: deps
	$(PY) scripts/translations.py status $(if $(CI),--ci)

translated: deps
	@test -n "$(PAGE)" || { echo "usage: make translated PAGE=docs/<code>/<page>"; exit 2; }
	$(PY) scripts/translations.py record $(PAGE)

clean:
	rm -rf site .cache .pytest_cache
