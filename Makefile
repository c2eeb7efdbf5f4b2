# Anime ton CHU — the two commands a new machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask
PORT ?= 5000
MARIADB_URL ?= mysql+pymysql://root@127.0.0.1:3306
export FLASK_APP := wsgi:app

.PHONY: run test test-fast test-sqlite test-mariadb lint format bench assets install install-dev browser clean

run: install assets
	$(FLASK) db upgrade heads
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install-dev assets browser
	$(MAKE) --no-print-directory test-sqlite
ifeq ($(WITH_MARIADB),1)
	$(MAKE) --no-print-directory test-mariadb
endif

# The edit loop: SQLite, without the browser tests and the two-process runs (`make test` and
# CI still run everything).
test-fast: install-dev assets
	$(PY) -m pytest -m "not browser and not processes"

test-sqlite:
	@echo "=== Suite on SQLite ==="
	$(PY) -m pytest

test-mariadb:
	@echo "=== Suite on MariaDB ($(MARIADB_URL)) ==="
	TEST_MARIADB_URL=$(MARIADB_URL) $(PY) -m pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install-dev assets
	$(PY) -m tests.bench

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# --- set-up steps (each is skipped when already done) ---------------------------------

$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# htmx comes from its npm package, copied where the app serves it (never committed).
static/vendor/htmx.min.js: node_modules/.installed
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js

assets: static/vendor/htmx.min.js

# Browser tests drive Debian's Chromium (no browser download is possible here); the poster
# test reads its QR code back with zbarimg (Debian's zbar-tools).
browser:
	@(command -v chromium && command -v zbarimg) >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium zbar-tools >/dev/null)

clean:
	rm -rf $(VENV) node_modules static/vendor .pytest_cache
