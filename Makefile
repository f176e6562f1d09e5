# dragon-tui: `make run` installs and opens the app; `make test` installs and runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/dragon-tui

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/dragon-tui bench --accounts 500

lint: $(STAMP)
	$(BIN)/ruff check dragon_tui screens tests
	$(BIN)/ruff format --check dragon_tui screens tests

demo: $(STAMP)
	$(BIN)/dragon-tui demo

clean:
	rm -rf $(VENV) build *.egg-info
