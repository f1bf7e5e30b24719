# Everyday commands; `make help` lists them.
PY := .venv/bin/python
SHARED := ../shared/data

.PHONY: help install demo test lint format eval bench

help:
	@echo "install  virtualenv in .venv with newsfuse and its dev tools"
	@echo "demo     run newsfuse on the bundled seeds into out/"
	@echo "test     lint, types and tests (what CI runs: .ci/run)"
	@echo "lint     ruff + mypy"
	@echo "format   ruff format"
	@echo "eval     score clean on the seeds and the HTML reader on L3S-GN1"
	@echo "bench    read+clean, dedupe and story-stream benchmarks against baselines measured in the same run"

.venv/bin/python:
	python3 -m venv .venv

install: .venv/bin/python
	$(PY) -m pip install --quiet -e ".[dev]"

demo: install
	.venv/bin/newsfuse run examples/seeds --out out

test:
	bash .ci/run

lint: install
	.venv/bin/ruff check src tests bench
	.venv/bin/mypy

format: install
	.venv/bin/ruff format src tests bench

eval: install
	.venv/bin/newsfuse eval clean tests/data/seeds_clean_gold.tsv examples/seeds
	.venv/bin/newsfuse eval html $(SHARED)/l3s-gn1-sample/input $(SHARED)/l3s-gn1-sample/gold
	.venv/bin/newsfuse eval extract tests/data/seeds_extract_gold.json examples/seeds
	.venv/bin/newsfuse eval entities $(SHARED)/ecbplus-dev/xml

bench: install
	$(PY) bench/read_clean.py
	$(PY) bench/dedupe.py
	$(PY) bench/extract.py
	$(PY) bench/stream.py
