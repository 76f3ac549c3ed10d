# Samanvay: two commands for a newcomer.
#   make run    set up (.venv, SQLite under var/, demo data) and start the web server and the worker
#   make test   lint and the whole test suite on SQLite
# Needs Python 3.12+ with venv (Debian/Ubuntu: sudo apt install python3 python3-venv) and make.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST := 127.0.0.1
PORT := 8000
# A local demo: DEBUG on (plain http, the insecure development key); tests set their own.
LOCAL := DEBUG=1
# pytest-xdist workers; PYTEST_WORKERS=0 runs the suite in one process.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=

.PHONY: help run test migrate demo demo-codes lint format translations venv install-run \
	install-test clean distclean

help:
	@echo "make run         set up and start Samanvay at http://$(HOST):$(PORT)/ with demo data"
	@echo "make test        ruff and the whole test suite (SQLite)"
	@echo "make migrate     create or update the database (var/samanvay.sqlite3)"
	@echo "make demo        load reference and demo data, print the demo logins"
	@echo "make demo-codes  print the current two-factor code of each demo officer"
	@echo "make lint        ruff check and ruff format --check"
	@echo "make format      ruff format and ruff check --fix"
	@echo "make clean       remove var/ (database, mail), compiled translations and caches"
	@echo "make distclean   clean, and remove .venv/ too"

# A virtual environment with a Python 3.12+ (.ci/find-python says which, or why none fits).
# An existing .venv with an older Python is replaced.
venv:
	@if ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		python=$$(.ci/find-python) || exit 1; \
		rm -rf $(VENV); \
		echo "Creating $(VENV) with $$python"; \
		"$$python" -m venv $(VENV) || exit 1; \
		$(PY) -m pip install --quiet --upgrade pip; \
	fi

# Installs run again only when pyproject.toml is newer than the stamp file inside .venv (checked
# by the shell at run time, so a .venv that `venv` just replaced is always installed afresh).
install-run: venv
	@.ci/system-packages run
	@if [ pyproject.toml -nt $(VENV)/.installed-run ]; then \
		echo "Installing Samanvay into $(VENV)"; \
		$(PY) -m pip install --quiet -e . && touch $(VENV)/.installed-run; \
	fi

install-test: venv
	@.ci/system-packages test
	@if [ pyproject.toml -nt $(VENV)/.installed-test ]; then \
		echo "Installing Samanvay and the test tools into $(VENV)"; \
		$(PY) -m pip install --quiet -e '.[test]' && touch $(VENV)/.installed-test $(VENV)/.installed-run; \
	fi

var:
	@mkdir -p var

translations: install-run
	@$(LOCAL) $(MANAGE) compile_translations

migrate: install-run var
	$(LOCAL) $(MANAGE) migrate --noinput

demo: migrate translations
	@$(LOCAL) $(MANAGE) load_reference_data
	@$(LOCAL) $(MANAGE) load_demo_data

demo-codes: install-run
	@$(LOCAL) $(MANAGE) demo_codes

# The web server, the task worker and the outbox loop together; Ctrl-C (or any exit) stops all.
run: demo
	@echo
	@echo "Samanvay runs at http://$(HOST):$(PORT)/  (sign in at http://$(HOST):$(PORT)/accounts/sign-in/)"
	@echo "Ctrl-C stops the web server and the workers."
	@echo
	@export $(LOCAL); \
	$(MANAGE) db_worker & worker=$$!; \
	$(MANAGE) send_pending_notifications --loop & outbox=$$!; \
	trap 'kill $$worker $$outbox 2>/dev/null; wait $$worker $$outbox 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

test: install-test
	@SAMANVAY_TESTING=1 $(MANAGE) compile_translations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS)) $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf var .pytest_cache .ruff_cache
	find samanvay -name '*.mo' -path '*/LC_MESSAGES/*' -delete
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) *.egg-info
