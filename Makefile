# Two commands: `make demo` and `make test`. Each bootstraps .venv from requirements.lock.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXAMPLES := $(if $(wildcard ../shared/examples/*.txt),../shared/examples,examples)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: demo test test-fast lint bench browser clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==25.3  # the venv's bundled pip mis-resolves lxml[html-clean]
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -W ignore -m newsdesk.embed.onnx >/dev/null 2>&1 || echo "the int8 MiniLM will be made on first use"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newsdesk summarize $(EXAMPLES)

test: $(STAMP) lint browser
	$(BIN)/python -m pytest -q

# the web page's tests drive Debian's chromium; install it when missing (they skip, saying so, where apt cannot)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	      || echo "apt-get could not install chromium: the browser tests will be skipped"; \
	  else echo "chromium is missing and apt-get is unavailable: the browser tests will be skipped"; fi; }

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not browser and not spark"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/summarize.py
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/analyze.py
	$(BIN)/python benchmarks/ingest.py --articles 1000
	$(BIN)/python benchmarks/speed.py --rouge-examples 300
	$(BIN)/python benchmarks/serve.py  # needs wrk: apt-get install wrk
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/spark.py
	$(BIN)/python benchmarks/fetch.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
