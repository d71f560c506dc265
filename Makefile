# ContactGate — everything a developer or CI runs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: venv run test lint bench eval fuzz screenshot package clean demo

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: venv
	$(PY) -m contactgate gui

demo: venv
	$(PY) -m contactgate --db .demo/contactgate.db split resources/samples/phone-book.vcf \
	    --consents resources/samples/consents.csv --out-dir .demo/out

lint: venv
	$(PY) -m ruff check app tests
	$(PY) -m mypy

test: lint
	$(PY) -m pytest

bench: venv
	$(PY) -m tests.bench.run

clean:
	rm -rf $(VENV) .bench .demo .mypy_cache .pytest_cache .ruff_cache
