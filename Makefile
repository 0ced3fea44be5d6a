# The two commands a fresh clone needs: `make site` and `make test`.
# Everything is installed, pinned, into .venv/ (Python) and node_modules/ (lunr.js,
# lunr-languages and the DejaVu font of the share cards, from package-lock.json); the machine needs python3, make and npm (and Java 17+ for the tests).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE   := node_modules/.package-lock.json
DEPS   := $(STAMP) $(NODE)

.PHONY: site test serve check schema clean

site: $(DEPS)            ## install (if needed) and build the sample site into output/
	$(BIN)/python build.py build

test: $(DEPS)            ## install (if needed), type-check the plugin, run the whole test suite
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest

serve: $(DEPS)           ## build, serve on http://127.0.0.1:8000 and rebuild on change
	$(BIN)/python build.py serve

check: $(DEPS)           ## report every problem in claims.yaml and content/; write nothing
	$(BIN)/python build.py check

schema: $(DEPS)          ## regenerate both JSON Schemas and their docs from factcheck/model/schema.py
	$(BIN)/python build.py schema

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the pins change.
$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check --quiet --requirement requirements.txt
	touch $@

# Exactly the locked versions; reinstalled only when the lock changes.
$(NODE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf output $(VENV) node_modules .pytest_cache
