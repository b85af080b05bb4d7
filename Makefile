# Two commands for a new user: `make site` (demo site from generated sample data) and `make test`.
# Both create .venv and install the pinned dependencies themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
SPARK_STAMP := $(VENV)/.spark-installed-stamp
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help venv spark site serve test test-fast lint chromium java bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(STAMP)

venv: $(STAMP) ## create .venv with the pinned dependencies

$(SPARK_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test,spark]"
	touch $(SPARK_STAMP)

spark: $(SPARK_STAMP) java ## add dbt-spark and pyspark to .venv (and a Java runtime) for --target spark

site: venv ## build the demo site from generated sample data into ./site
	$(PY) build.py --out site

serve: site ## build the demo site and serve it on http://127.0.0.1:8000
	$(PY) -m http.server --directory site --bind 127.0.0.1 8000

chromium: ## install Debian's chromium for the browser tests when it is missing
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; \
	fi

# Spark's session method runs on this machine's Java (17 or newer): Debian's headless JRE when there is none.
java: ## install Debian's headless Java runtime for the Spark tests when java is missing
	@if ! command -v java >/dev/null; then \
		echo "Installing Debian's Java runtime for Spark"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null; \
	fi

test: venv chromium spark ## run the whole test suite (unit, dbt, Spark, MkDocs and browser tests)
	$(PY) -m ruff check .
	$(PY) -m pytest -n 2 --dist loadfile

test-fast: venv ## run only the quick tests (no dbt, MkDocs or browser)
	$(PY) -m pytest -m "not slow"

# sqlfluff reads the models through dbt (the .sqlfluff config), and dbt compiles the staging models against
# the extract's views: it lints against the DuckDB file of the last `make site` (built first when missing).
LINT_DB = $(shell ls -t build/run-*/tenure.duckdb 2>/dev/null | head -1)

lint: venv ## ruff, mypy, and sqlfluff on the dbt models (house style in .sqlfluff)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	@if [ -z "$(LINT_DB)" ]; then $(MAKE) site; fi
	TENURE_EXTRACT_DIR=build/sample TENURE_DUCKDB_PATH="$$(ls -t build/run-*/tenure.duckdb | head -1)" \
		DBT_TARGET_PATH=build/sqlfluff/target DBT_LOG_PATH=build/sqlfluff/logs \
		$(VENV)/bin/sqlfluff lint models tests/dbt

bench: venv ## the benchmark of BENCHMARKS.md: 1,000, 10,000 and 50,000 accounts (about 25 minutes)
	$(PY) benchmarks/run.py --accounts 1000 10000 50000 --plain-mkdocs --plain-timeout 300 --write BENCHMARKS.md

clean: ## remove generated output (keeps .venv)
	rm -rf build site target logs test-artifacts
