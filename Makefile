# Attune — the two commands are `make run` and `make test`; everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
TOOLS := .venv-tools
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
# sam build (no Docker) needs a python3.12 on PATH; these machines have one through pyenv.
# Prefer the real interpreter to pyenv's shim: with another global version the shim loops.
PY312 := $(shell ls -d $(HOME)/.pyenv/versions/3.12.*/bin/python3.12 2>/dev/null | tail -n 1)
ifeq ($(PY312),)
PY312 := $(shell command -v python3.12 2>/dev/null | grep -v /shims/)
endif
export AWS_DEFAULT_REGION ?= us-east-1
export SAM_CLI_TELEMETRY := 0

.PHONY: run test install tools lint typecheck template-check sam-build pytest invoke train-concerns \
        db-start db-stop migrate backup restore reembed outbox bench clean catalogs messages \
        env sam-env demo openapi browser lock test-unit bench-bedrock

run: install ## create the venv, start the database, migrate, load demo data, serve on :3000
	$(PY) -m local.run

test: install tools browser lint typecheck template-check ## everything CI checks
	$(BIN)/pytest

# The unit tier alone: no database is started (tests/unit/conftest.py), seconds not minutes.
test-unit: install
	$(BIN)/pytest tests/unit -q

install: $(VENV)/.installed catalogs
# Each step says what it does (on stderr, so `eval "$$(make -s env)"` reads only the exports);
# pip names each package as it collects it (about a minute).
# The versions are requirements.lock's, checked against its hashes; attune itself is installed
# on top without resolving anything again (--no-deps), so what runs is exactly what was locked.
$(VENV)/.installed: pyproject.toml requirements.lock
	@echo "install [1/4]: a virtualenv in $(VENV) ($(PYTHON))" >&2
	@$(PYTHON) -m venv $(VENV)
	@echo "install [2/4]: upgrading pip" >&2
	@$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip >&2
	@echo "install [3/4]: the dev dependencies of requirements.lock (PostgreSQL, localstripe, moto, ...)" >&2
	@set -o pipefail; $(BIN)/pip install --disable-pip-version-check --progress-bar off \
	  --require-hashes -r requirements.lock 2>&1 | tee $(VENV)/install.log \
	  | sed -u -n -e 's/^Collecting \([^ ]*\).*/  collecting \1/p' \
	  -e 's/^Installing collected packages.*/  installing them (the last few seconds).../p' >&2 \
	  || { cat $(VENV)/install.log >&2; echo "install failed (log: $(VENV)/install.log)" >&2; exit 1; }
	@echo "install [4/4]: attune itself, editable" >&2
	@$(BIN)/pip install --disable-pip-version-check --no-deps -e . >>$(VENV)/install.log 2>&1 \
	  || { cat $(VENV)/install.log >&2; echo "install failed (log: $(VENV)/install.log)" >&2; exit 1; }
	@$(BIN)/pip check >>$(VENV)/install.log 2>&1 \
	  || { $(BIN)/pip check >&2; echo "install: the lock's packages do not fit together" >&2; exit 1; }
	@touch $@
	@echo "install: done" >&2

# Email catalogues: .po files (translated, in git) compiled to .mo (built, not in git). The app
# layer's build compiles them too (layers/app/Makefile).
LOCALES := shared/emails/locale
CATALOGS := $(patsubst %.po,%.mo,$(wildcard $(LOCALES)/*/LC_MESSAGES/attune.po))
catalogs: $(CATALOGS)
$(LOCALES)/%/LC_MESSAGES/attune.mo: $(LOCALES)/%/LC_MESSAGES/attune.po $(VENV)/.installed
	@$(BIN)/pybabel compile --domain attune --locale $* --input-file $< --output-file $@ >&2 2>&1

messages: install ## after changing a template's text: extract the .pot, update every .po
	$(BIN)/pybabel extract --mapping-file shared/emails/babel.cfg --output-file $(LOCALES)/attune.pot \
	  --project Attune --copyright-holder Attune --no-location --sort-output shared
	$(BIN)/pybabel update --domain attune --input-file $(LOCALES)/attune.pot --output-dir $(LOCALES) \
	  --no-fuzzy-matching

# Debian's chromium, for the headless-browser test of the emailed links' pages (as root it is
# installed; elsewhere the test says how, and CI, which runs as root, has it).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "browser: installing Debian's chromium for the headless-browser test"; \
	    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "browser: no chromium (install Debian's chromium to run tests/integration/test_browser_pages.py)"; \
	  fi; \
	fi

tools: $(TOOLS)/.installed
$(TOOLS)/.installed: requirements-tools.txt
	@echo "tools [1/2]: a virtualenv in $(TOOLS) for cfn-lint and the SAM CLI"
	@$(PYTHON) -m venv $(TOOLS)
	@$(TOOLS)/bin/pip install --quiet --disable-pip-version-check --upgrade pip
	@echo "tools [2/2]: cfn-lint and aws-sam-cli (a minute or two, quietly)"
	@$(TOOLS)/bin/pip install --quiet --disable-pip-version-check -r requirements-tools.txt
	@touch $@

# After changing a dependency in pyproject.toml (or to take newer releases: make lock UPGRADE=1):
# requirements.lock for the dev venv, and layers/deps/requirements.txt, the Lambda layer's, with
# the lock's versions of the runtime dependencies (boto3 and botocore come with the Lambda runtime).
LAYER_REQUIREMENTS := layers/deps/requirements.txt
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
	  --generate-hashes --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade) \
	  --quiet -o requirements.lock
	@{ echo "# The DepsLayer's third-party packages (template.yaml), built by sam build for python3.12"; \
	  echo "# on arm64. Made by \`make lock\` from pyproject.toml's dependencies at requirements.lock's"; \
	  echo "# versions (tests/unit/test_lock.py checks it); boto3, botocore and s3transfer are not"; \
	  echo "# listed: the Lambda python3.12 runtime ships them."; \
	  $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.12 -c requirements.lock \
	    --no-emit-package boto3 --no-emit-package botocore --no-emit-package s3transfer \
	    --no-header --no-annotate --quiet; } > $(LAYER_REQUIREMENTS).new
	@mv $(LAYER_REQUIREMENTS).new $(LAYER_REQUIREMENTS)
	@echo "lock: requirements.lock and $(LAYER_REQUIREMENTS) written; make install takes them"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

template-check: tools
	$(TOOLS)/bin/cfn-lint template.yaml
	$(TOOLS)/bin/sam validate --lint --template template.yaml
	$(MAKE) --no-print-directory sam-build

sam-build: tools
	@if [ -z "$(PY312)" ]; then \
	  echo "sam build skipped: no python3.12 on this machine (Lambda's runtime; install it to build)"; \
	else \
	  PATH="$(dir $(PY312)):$$PATH" $(TOOLS)/bin/sam build --template template.yaml \
	    --build-dir .aws-sam/build --cached --parallel; \
	fi

invoke: install ## make invoke FUNCTION=reminders EVENT=events/schedule.json
	@test -n "$(FUNCTION)" -a -n "$(EVENT)" || { echo "usage: make invoke FUNCTION=<name> EVENT=<file>"; exit 2; }
	$(PY) -m local.invoke $(FUNCTION) $(EVENT)

db-start: install
	$(PY) -m local.db start
db-stop: install
	$(PY) -m local.db stop
migrate: install
	$(PY) -m local.db migrate

backup: install ## make backup [FILE=backups/x.dump]
	$(PY) -m local.backup backup $(FILE)
restore: install ## make restore FILE=backups/x.dump
	@test -n "$(FILE)" || { echo "usage: make restore FILE=<dump>"; exit 2; }
	$(PY) -m local.backup restore $(FILE)

reembed: install ## re-embed bios and entries for the configured EMBEDDING_PROVIDER
	$(PY) -m local.reembed

outbox: install ## what the outbox holds: pending and dead effects
	$(PY) -m local.outbox

env: install ## eval "$$(make -s env)": API, STRIPE_API_BASE, STRIPE_SECRET_KEY, DATABASE_URL
	@$(PY) -m local.runenv env

sam-env: install ## local/sam-env.json for sam local start-api, from what make run set up
	@$(PY) -m local.runenv sam-env

demo: install ## with make run serving: the product end to end through the public HTTP API
	$(PY) -m local.demo_story

openapi: install ## docs/openapi.json, the document the local gateway serves
	@$(PY) -m local.openapi

bench: install
	$(PY) -m bench

train-concerns: install ## retrain the concern classifier from local/concern_corpus, print its figures
	$(PY) -m local.train_concerns

bench-bedrock: install ## matching quality with Amazon Titan V2 (needs AWS credentials and Bedrock access)
	$(PY) -m bench.matching_quality bedrock

clean:
	rm -rf .aws-sam .pytest_cache .mypy_cache .ruff_cache
