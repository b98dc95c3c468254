# The two commands: `make demo` and `make test`. Everything else is beside them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MIEUX := $(BIN)/python -m mieux.manage
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/mieux
DEMO_ADDRESS ?= 127.0.0.1:8000

.PHONY: demo test install check lint types imports migrations translations messages \
	system-deps test-sqlite test-postgres openapi bench clean

## make install: the virtualenv .venv with the pinned dependencies and compiled translations
install: $(VENV)/.installed
	@$(BIN)/python scripts/compile_translations.py

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "mieux needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,dev]'
	@touch $@

## make demo: migrate the SQLite database, load reference data and the demo portfolio, serve it
demo: install
	$(MIEUX) migrate --no-input
	$(MIEUX) load_reference_data
	$(MIEUX) load_demo
	@echo
	@echo "mieux is at http://$(DEMO_ADDRESS)/  (API docs: http://$(DEMO_ADDRESS)/api/v1/docs)"
	@echo
	$(MIEUX) runserver $(DEMO_ADDRESS)

## make test: the whole suite on SQLite; with CI=true again on PostgreSQL, which must be reachable
test: install system-deps
	$(MAKE) test-sqlite
	@if [ "$${CI:-}" = "true" ]; then $(MAKE) test-postgres; fi

test-sqlite:
	env -u DATABASE_URL $(BIN)/pytest -q -p no:cacheprovider

test-postgres:
	@$(BIN)/python scripts/wait_for_postgres.py "$(POSTGRES_URL)"
	DATABASE_URL="$(POSTGRES_URL)" $(BIN)/pytest -q -p no:cacheprovider

## Debian's Chromium for the browser tests (installed when run as root on Debian)
system-deps:
	@scripts/system_deps.sh

## make check: lint, types, import contracts, migrations and translation gates
check: install lint types imports migrations translations

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types:
	$(BIN)/mypy mieux

imports:
	$(BIN)/lint-imports

migrations:
	$(MIEUX) makemigrations --check --dry-run

translations:
	$(BIN)/python scripts/check_translations.py

## make messages: refresh the es/pt/fr catalogues from the code (needs GNU gettext)
messages:
	cd mieux && ../$(BIN)/python -m mieux.manage makemessages -l es -l pt -l fr --ignore='*/tests/*' --no-obsolete
	$(BIN)/python scripts/compile_translations.py

openapi:
	$(MIEUX) export_openapi

bench:
	$(BIN)/python benchmarks/portfolio.py
	$(BIN)/python benchmarks/matching.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
