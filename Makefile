# Exit Doors Desktop — the two commands a new machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test lint typecheck contracts pytest bench bundle bundle-test screenshots clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[server,test]'
	touch $(STAMP)

run: $(STAMP)
	env -u QT_QPA_PLATFORM $(VENV)/bin/exitdoors $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

contracts: $(STAMP)
	$(VENV)/bin/lint-imports

typecheck: $(STAMP)
	$(VENV)/bin/mypy exitdoors_desktop/core exitdoors_desktop/storage exitdoors_desktop/sync exitdoors_desktop/ui

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint contracts typecheck pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench $(BENCH_ARGS)

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) docs/make_screenshots.py

# The installable one-folder build in dist/exitdoors/ (see docs/BUNDLE.md); prints its time.
bundle: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bundle]'
	@start=$$(date +%s); \
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN build_installer.spec && \
	echo "bundle: dist/exitdoors built in $$(( $$(date +%s) - start )) s, $$(du -sh dist/exitdoors | cut -f1)"

bundle-test: bundle
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -m bundle tests/bundle

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
