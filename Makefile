# Build, test and demo targets for pmwidgets. GNU make; needs only Python 3.11 (or python3).
SHELL := /bin/bash
.DEFAULT_GOAL := test

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VOILA_PORT ?= 8866

.PHONY: venv .venv test demo bench clean

venv .venv: $(STAMP)

# (Re)install whenever pyproject.toml changes; the stamp records the last install.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[dev]'
	@touch $@

# Lint, format check, then every test (browser tests included). pytest's exit 5 means it
# collected no test at all: that fails too, with a message.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@$(BIN)/pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; \
	exit $$status

SAMPLE_PROJECT := Office move
URL = http://127.0.0.1:$(VOILA_PORT)/voila/render

# Seed the store (PMWIDGETS_DB, default ~/.local/share/pmwidgets/pmwidgets.db) with the sample
# portfolio and the sample project, each only when missing, then serve the workbooks with
# Voila, configured by voila.py (loopback only).
demo: $(STAMP)
	$(BIN)/python sample_data/make_portfolio.py
	@$(BIN)/pmwidgets projects --json | grep -q '"name": "$(SAMPLE_PROJECT)"' \
		|| $(BIN)/pmwidgets import sample_data/office_move.json --project "$(SAMPLE_PROJECT)"
	@echo "Dashboards:  $(URL)/dashboards/portfolio.ipynb"
	@echo "             $(URL)/dashboards/project_status.ipynb?project=CRM%20migration"
	@echo "Start here:  $(URL)/index.ipynb  (templates/, pmo/, onboarding/: http://127.0.0.1:$(VOILA_PORT)/)"
	@echo "(Ctrl-C to stop)"
	$(BIN)/voila workbooks --port=$(VOILA_PORT)

bench: $(STAMP)
	@set -e; for script in benchmarks/bench_*.py; do \
		[ -e "$$script" ] || { echo "no benchmarks/bench_*.py yet"; break; }; \
		echo "== $$script"; $(BIN)/python "$$script"; \
	done

clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache test-results
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) \
		-type d -print0 | xargs -0 rm -rf
