# dragon-tui: `make run` installs and opens the app; `make test` installs and runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint demo clean postgresql

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/dragon-tui

# The hub tests start a throwaway PostgreSQL: its server programs must be on the machine (Debian
# keeps them in /usr/lib/postgresql/<version>/bin). Install the Debian package when they are
# missing; fail loudly when that is impossible (never skip the hub tests).
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
	  echo "make: PostgreSQL server programs missing; installing the Debian package postgresql"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null; } ; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
	  echo "make: FAILED: PostgreSQL server programs (initdb, pg_ctl) are missing and could not be installed; the hub tests need them" >&2; exit 1; }

test: $(STAMP) postgresql
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/dragon-tui bench --accounts 500

bench-hub: $(STAMP) postgresql
	$(BIN)/dragon-tui bench --hub

lint: $(STAMP)
	$(BIN)/ruff check dragon_tui screens tests
	$(BIN)/ruff format --check dragon_tui screens tests

demo: $(STAMP)
	$(BIN)/dragon-tui demo

clean:
	rm -rf $(VENV) build *.egg-info
