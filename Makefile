# Live Well Hub: `make run` serves the site with sample data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
HUB_INSTANCE ?= $(CURDIR)/instance
export HUB_INSTANCE
export FLASK_APP := wsgi

.PHONY: run test setup setup-dev lint clean bench messages

$(VENV)/.runtime: requirements.txt
	./scripts/system-packages.sh run
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	./scripts/system-packages.sh test
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/css/hub.css: scss/hub.scss node_modules/.installed
	npx --no-install sass --no-source-map --style=compressed --quiet-deps \
	  --load-path=node_modules/govuk-frontend/dist scss/hub.scss $@

# Compiled catalogues are built, not committed.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(VENV)/.runtime
	$(BIN)/pybabel -q compile -d translations -l $*

setup: $(VENV)/.runtime static/css/hub.css $(CATALOGUES)

setup-dev: setup $(VENV)/.dev

run: setup
	HUB_CONFIG=development $(BIN)/flask hub setup
	HUB_CONFIG=development $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: setup-dev
	$(BIN)/ruff check hub tests bench
	HUB_CONFIG=test $(BIN)/flask hub check-content
	HUB_CONFIG=test $(BIN)/flask hub i18n check
	@if [ -n "$$CI" ] && [ -z "$$HUB_TEST_POSTGRES_URL" ]; then \
	  export $$(./scripts/test-postgres.sh); \
	  $(BIN)/python -m pytest -n 2 --dist loadgroup; \
	else \
	  $(BIN)/python -m pytest -n 2 --dist loadgroup; \
	fi

lint: setup-dev
	$(BIN)/ruff check hub tests bench

bench: setup-dev
	$(BIN)/python bench/search.py
	$(BIN)/python bench/publish.py
	$(BIN)/python bench/booklet.py
	$(BIN)/python bench/insights.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/bulk.py --services 10000 --edits 100

clean:
	rm -rf $(VENV) node_modules static/css/hub.css instance

# After changing user-facing text: refresh the template and add its new messages to every
# catalogue (then translate them: `flask hub i18n check` lists what is missing).
messages: $(VENV)/.runtime
	$(BIN)/pybabel extract -F babel.cfg -k _l -o translations/messages.pot --no-location \
	  --sort-output --project="Live Well Hub" --copyright-holder="Live Well Hub developers" .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching \
	  --ignore-obsolete
