# Exit Doors Desktop — the two commands a new machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen
TS := resources/translations/exitdoors_fr.ts
QM := resources/translations/exitdoors_fr.qm
QT_QM := resources/translations/qtbase_fr.qm

.PHONY: qm run test lint typecheck contracts pytest soak bench bundle bundle-test screenshots clean translations

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[server,test]'
	$(MAKE) --no-print-directory qm
	touch $(STAMP)

# French: the .ts is kept in git (translators edit it); the .qm files are built, never committed.
# `make translations` re-reads every source (new or vanished words), then compiles.
translations: | $(PY)
	$(VENV)/bin/pyside6-lupdate -no-obsolete -locations none -target-language fr_CA \
		$$(find exitdoors_desktop -name '*.py' | sort) -ts $(TS)
	$(MAKE) --no-print-directory qm

qm: $(QM) $(QT_QM)

$(QM): $(TS) | $(PY)
	$(VENV)/bin/pyside6-lrelease -silent $(TS) -qm $(QM)

# Qt's own French (the buttons of standard dialogs), copied beside ours so the bundle carries it.
$(QT_QM): | $(PY)
	cp "$$($(PY) -c 'from PySide6.QtCore import QLibraryInfo as L; print(L.path(L.LibraryPath.TranslationsPath))')/qtbase_fr.qm" $(QT_QM)

run: $(STAMP) qm
	env -u QT_QPA_PLATFORM $(VENV)/bin/exitdoors $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

contracts: $(STAMP)
	$(VENV)/bin/lint-imports

typecheck: $(STAMP)
	$(VENV)/bin/mypy exitdoors_protocol exitdoors_desktop/core exitdoors_desktop/storage exitdoors_desktop/sync exitdoors_desktop/ui

# Both cores (each test file stays on one worker: its servers and vaults are made once); the
# 25 slowest tests are listed so the 15-minute budget stays visible.
PYTEST_ARGS ?= -n 2 --dist loadfile --durations=25
pytest: $(STAMP) qm
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint contracts typecheck pytest

# Issue 18's hostile-actor model, longer: EXITDOORS_SOAK_EXAMPLES runs (actor drawn per run),
# EXITDOORS_SOAK_STEPS steps each; prints examples, steps, actions per kind and checks made.
EXITDOORS_SOAK_EXAMPLES ?= 40
EXITDOORS_SOAK_STEPS ?= 25
soak: $(STAMP)
	EXITDOORS_SOAK_EXAMPLES=$(EXITDOORS_SOAK_EXAMPLES) EXITDOORS_SOAK_STEPS=$(EXITDOORS_SOAK_STEPS) \
		QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -s \
		tests/sync/test_hostile_model.py::test_hostile_actor_soak

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench $(BENCH_ARGS)

screenshots: $(STAMP) qm
	QT_QPA_PLATFORM=offscreen $(PY) docs/make_screenshots.py
	QT_QPA_PLATFORM=offscreen PYTHONPATH=. $(PY) docs/make_screenshots_fr.py

# The installable one-folder build in dist/exitdoors/ (see docs/BUNDLE.md); prints its time.
bundle: $(STAMP) qm
	$(PY) -m pip install --quiet -e '.[bundle]'
	@start=$$(date +%s); \
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN build_installer.spec && \
	echo "bundle: dist/exitdoors built in $$(( $$(date +%s) - start )) s, $$(du -sh dist/exitdoors | cut -f1)"

bundle-test: bundle
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -m bundle tests/bundle

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
