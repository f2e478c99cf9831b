# careguide: `make site` builds the whole site into site/, `make test` runs every test.
# Each target sets up its own virtual environment in .venv on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test check lint clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@

site: $(INSTALLED)
	$(BIN)/mkdocs build --strict

serve: $(INSTALLED)
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

check: $(INSTALLED)
	$(BIN)/careguide check content

test: $(INSTALLED)
	$(BIN)/python -m pytest

lint: $(INSTALLED)
	$(BIN)/ruff check hooks tests

clean:
	rm -rf site $(VENV) .pytest_cache .ruff_cache
