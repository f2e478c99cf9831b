# careguide: `make site` builds the whole site into site/, `make test` runs every test.
# Each target sets up its own virtual environment in .venv on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

# Debian/Ubuntu packages: a CJK font and Pango for the PDFs; Chromium and zbar for the tests.
SITE_PACKAGES := fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
TEST_PACKAGES := $(SITE_PACKAGES) chromium zbar-tools
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site serve test check lint clean site-packages test-packages

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@

site: $(INSTALLED) site-packages
	$(BIN)/mkdocs build --strict

serve: $(INSTALLED)
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

check: $(INSTALLED)
	$(BIN)/careguide check content

test: $(INSTALLED) test-packages
	$(BIN)/ruff check hooks tests
	$(BIN)/python -m pytest

lint: $(INSTALLED)
	$(BIN)/ruff check hooks tests

site-packages:
	@$(call apt_install,$(SITE_PACKAGES))

test-packages:
	@$(call apt_install,$(TEST_PACKAGES))

# Install the Debian packages that are missing (needs apt; skipped elsewhere with a note).
define apt_install
	missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then echo "Please install: $$missing"; exit 0; fi; \
	echo "Installing system packages: $$missing"; \
	$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing
endef

clean:
	rm -rf site $(VENV) .pytest_cache .ruff_cache
