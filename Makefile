# The two commands a fresh clone needs: `make site` and `make test`.
# Everything is installed, pinned, into .venv/; nothing on the machine is assumed but python3.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test serve check schema clean

site: $(STAMP)            ## install (if needed) and build the sample site into output/
	$(BIN)/python build.py build

test: $(STAMP)            ## install (if needed) and run the whole test suite
	$(BIN)/python -m pytest

serve: $(STAMP)           ## build, serve on http://127.0.0.1:8000 and rebuild on change
	$(BIN)/python build.py serve

check: $(STAMP)           ## report every problem in claims.yaml and content/; write nothing
	$(BIN)/python build.py check

schema: $(STAMP)          ## regenerate claims.schema.json from the schema
	$(BIN)/python build.py schema

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the pins change.
$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check --quiet --requirement requirements.txt
	touch $@

clean:
	rm -rf output $(VENV) .pytest_cache
