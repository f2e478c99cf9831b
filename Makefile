# careguide: `make site` builds the whole site into site/, `make test` runs every test.
# Each target sets up its own virtual environment in .venv on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

# Debian/Ubuntu packages: a CJK font and Pango for the PDFs; for the tests, Chromium, zbar (QR
# codes), Java (the Nu HTML Checker) and npm (installs the checker and axe-core, see tests/);
# nginx with its Brotli static module, and Caddy, serve the site with deploy/ (test_serving.py).
# Libraries are looked up with dpkg; tools by their command, so a tool installed otherwise counts.
SITE_PACKAGES := fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0
TEST_TOOLS := chromium:chromium zbarimg:zbar-tools java:default-jre-headless npm:npm
TEST_TOOLS += nginx:nginx caddy:caddy
TEST_LIBRARIES := libnginx-mod-http-brotli-static
CHECKERS := tests/node_modules/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site publish serve test check lint clean site-packages test-packages

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@

site: $(INSTALLED) site-packages
	$(BIN)/careguide build

# Like site, but refuses a site built for a local or example address (README, "Publishing").
publish: $(INSTALLED) site-packages
	$(BIN)/careguide build --publish

serve: $(INSTALLED)
	$(BIN)/mkdocs serve --livereload --dirty --dev-addr 127.0.0.1:8000

check: $(INSTALLED)
	$(BIN)/careguide check content

$(CHECKERS): tests/package.json tests/package-lock.json
	npm ci --prefix tests --no-audit --no-fund --loglevel=error
	touch $@

test: $(INSTALLED) test-packages $(CHECKERS) lint
	$(BIN)/python -m pytest

lint: $(INSTALLED)
	$(BIN)/ruff check hooks tests bench
	$(BIN)/ruff format --check hooks tests bench
	$(BIN)/mypy

site-packages:
	@missing=$$(for p in $(SITE_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	$(call apt_install)

test-packages: site-packages
	@missing=$$(for t in $(TEST_TOOLS); do command -v $${t%%:*} >/dev/null || echo $${t#*:}; done; \
	  for p in $(TEST_LIBRARIES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	$(call apt_install)

# Install the Debian packages listed in $$missing (needs apt; elsewhere, say what to install).
define apt_install
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then echo "Please install: $$missing"; exit 0; fi; \
	echo "Installing system packages: $$missing"; \
	$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing
endef

clean:
	rm -rf site $(VENV) .pytest_cache .ruff_cache
