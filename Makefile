# Everything needed on a fresh machine with Python 3.11 and make.
PYTHON ?= python3.11
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: demo test lint docs venv clean

demo: $(STAMP)
	$(BIN)/python -m sklstm demo

LINTED = sklstm tests examples benchmarks

test: lint docs
	$(BIN)/python -m pytest

docs: $(STAMP)
	$(BIN)/python -m sphinx -W --keep-going -q -b html docs docs/_build/html

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

venv: $(STAMP)

# sklstm depends on TensorFlow's standard build, made for CUDA, which says at
# every start that no GPU driver was found. This project's machines have no
# GPU: the venv gets TensorFlow's CPU build in its place, the same package
# ("tensorflow") with the same dependencies, so one replaces the other's files.
$(STAMP): pyproject.toml requirements-ci.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements-ci.txt -e ".[dev]"
	$(BIN)/python -m pip uninstall --quiet --yes tensorflow
	$(BIN)/python -m pip install --quiet --no-deps --force-reinstall \
		-c requirements-ci.txt tensorflow-cpu
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info docs/_build docs/_generated docs/api
