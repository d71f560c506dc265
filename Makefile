# ContactGate — everything a developer or CI runs. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: help venv run demo test lint bench eval fuzz translations screenshot package clean

help:
	@echo "make run          set up and start the desktop app"
	@echo "make test         set up and run lint, type checks and every test"
	@echo "make demo         split the sample phone book from the command line"
	@echo "make bench        speed and memory benchmarks (table + .bench/results.json)"
	@echo "make eval         classification quality on the labelled evaluation set"
	@echo "make fuzz         coverage-guided fuzzing of the readers (FUZZ_SECONDS=60)"
	@echo "make screenshot   docs/screenshot.png from the real app"
	@echo "make package      PyInstaller one-folder app in dist/ plus a smoke test"

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: venv
	@tools/check_display.sh
	env -u QT_QPA_PLATFORM $(PY) -m contactgate gui

demo: venv
	$(PY) -m contactgate --db .demo/contactgate.db split resources/samples/phone-book.vcf \
	    --consents resources/samples/consents.csv --policy resources/samples/policy.toml \
	    --out-dir .demo/out

lint: venv
	$(PY) -m ruff check app tests tools packaging
	$(PY) -m mypy
	$(PY) tools/translations.py check

test: lint
	$(PY) -m pytest

bench: venv  # each prints whether its targets are met; a miss does not skip the others
	-$(PY) -m tests.bench.run
	-$(PY) -m tests.bench.bench_batch
	-$(PY) -m tests.bench.bench_gui

eval: venv
	$(PY) -m tests.eval.run_eval

fuzz: venv
	$(PY) -m pip install --quiet -e '.[fuzz]' || echo "atheris unavailable: fuzzing with hypothesis"
	$(PY) -m tests.fuzz.run --seconds $${FUZZ_SECONDS:-60}

translations: venv
	$(PY) tools/translations.py

screenshot: venv
	$(PY) tools/screenshot.py docs/screenshot.png

package: venv
	packaging/build.sh

clean:
	rm -rf $(VENV) .bench .demo build dist .mypy_cache .pytest_cache .ruff_cache .hypothesis
