# Two commands matter: `make run` and `make test`. Everything else is set-up they call.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PORT ?= 5000
export MATCHMAKER_ENV ?= development

.PHONY: install run test test-postgres lint typecheck pytest migrate demo translations screenshots clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) translations

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d matchmaker/translations 2>&1 | grep -v "^compiling" || true

migrate: install
	$(BIN)/matchmaker upgrade

demo: migrate
	$(BIN)/matchmaker demo

# The web server and, beside it, the worker that runs matching and scheduling (its own
# process); the worker stops when serving ends (Ctrl+C).
run: demo
	$(BIN)/matchmaker worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	PORT=$(PORT) $(BIN)/matchmaker serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy matchmaker tests benchmarks docs/screenshots.py

pytest: install
	MATCHMAKER_ENV=testing $(BIN)/pytest --cov --cov-report=term --cov-fail-under=90

test: lint typecheck pytest

# The pytest suite on PostgreSQL: MATCHMAKER_TEST_DATABASE_URL names a server's maintenance
# database (postgresql://user@127.0.0.1:5432/postgres); .ci/postgres starts one.
test-postgres: install
	@test -n "$$MATCHMAKER_TEST_DATABASE_URL" || { echo "set MATCHMAKER_TEST_DATABASE_URL"; exit 2; }
	MATCHMAKER_ENV=testing $(BIN)/pytest -q

# The phone-width screenshots in docs/img (needs /usr/bin/chromium).
screenshots: install
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .coverage
