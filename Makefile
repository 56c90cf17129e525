# Two entry points: `make demo` (run the product) and `make test` (run every check).
# Both create .venv on first use and reinstall only when a requirements file changes.
# `make test-fast` is the developers' quick lane (no browser, no real worker processes).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# requirements.txt (runtime) < requirements-embeddings.txt (model build) < requirements-dev.txt
REQUIREMENTS := requirements.txt requirements-embeddings.txt requirements-dev.txt
REQ_HASH := $(shell cat $(REQUIREMENTS) | sha1sum | cut -c1-12)
STAMP := $(VENV)/.installed-$(REQ_HASH)
PORT ?= 8000
FAST_WORKERS ?= 2
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test test-fast stop install lint test-packages

install: $(STAMP)

$(STAMP): $(REQUIREMENTS)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

demo: $(STAMP)
	$(PY) manage.py demo --port $(PORT)

stop:
	-@for f in var/demo-*.pid; do [ -f "$$f" ] && kill $$(cat "$$f") 2>/dev/null; rm -f "$$f"; done
	$(PY) manage.py embedded_db stop

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pip check

# Debian packages the tests run: Chromium (browser tests) and redis-server (the test session
# starts its own on a free port; a Redis already running on the machine is never used).
# Installed with apt-get when we can (root, as in CI); otherwise those tests are skipped.
TEST_PACKAGES := /usr/bin/chromium=chromium /usr/bin/redis-server=redis-server
test-packages:
	@missing=""; for item in $(TEST_PACKAGES); do \
		[ -x "$${item%%=*}" ] || missing="$$missing $${item#*=}"; done; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "apt-get install$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "!!! missing$$missing and we are not root: their tests will be SKIPPED !!!"; fi

test: $(STAMP) test-packages lint
	$(PY) -m pytest

# Unit + integration tests on $(FAST_WORKERS) processes (pytest-xdist, a test database each):
# no browser, no real worker/server processes, no crash tests. `make test` runs everything.
test-fast: $(STAMP) test-packages
	$(PY) -m pytest -m "not browser and not slow" -n $(FAST_WORKERS) --dist worksteal -q
