# Everyday commands; `make help` lists them.
PY := .venv/bin/python
SHARED := ../shared/data

.PHONY: help install demo test test-long lint format eval bench bench-pipeline fuzz

help:
	@echo "install  virtualenv in .venv with newsfuse and its dev tools"
	@echo "demo     run newsfuse on the bundled seeds into out/"
	@echo "test     lint, types and tests (what CI runs: .ci/run)"
	@echo "test-long  the tests with their long forms: 20 Spark kill points, 50 store kills, all of ECB+ on Spark"
	@echo "lint     ruff + mypy"
	@echo "format   ruff format"
	@echo "eval     score clean on the seeds and the HTML reader on L3S-GN1"
	@echo "bench    read+clean, dedupe and story-stream benchmarks against baselines measured in the same run"
	@echo "bench-pipeline  end to end (issue 7): local runner at 1k/10k/100k, stage shares, baselines"
	@echo "fuzz     every atheris harness for FUZZ_SECONDS each (default 60); see fuzz/README.md"

.venv/bin/python:
	python3 -m venv .venv

install: .venv/bin/python
	$(PY) -m pip install --quiet -e ".[dev]"

demo: install
	.venv/bin/newsfuse run examples/seeds --out out

test:
	bash .ci/run

# The long forms of the kill-and-resume tests (the default suite runs them short).
test-long: install
	$(PY) -m pip install --quiet -e ".[dev,spark]"
	NEWSFUSE_KILL_POINTS=20 NEWSFUSE_KILLS=50 NEWSFUSE_SPARK_ECB_STRIDE=1 .venv/bin/python -m pytest \
		-q -n 2 --dist loadfile --durations=25 tests/runners/test_spark_resume.py \
		tests/store/test_crash.py tests/runners/test_spark.py

lint: install
	.venv/bin/ruff check src tests bench fuzz
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

# End to end (issues 7 and 15): the README's "Benchmarks: end to end" table, beside the
# previous release on the same input and the dedupe, clustering and HTML-reading baselines,
# all measured in the same run (writes bench/results/pipeline.json). ~45 minutes on the
# shared 2-core machine; see bench/pipeline.py.
BENCH_PIPELINE ?= --full 1000,10000 --static 1000,10000 --light 100000
bench-pipeline: install
	$(PY) bench/pipeline.py $(BENCH_PIPELINE)

# Coverage-guided fuzzing (issue 8), one target after another; CI runs the short
# hypothesis version instead (tests/fuzz). Findings land in out/fuzz/<target>/.
FUZZ_SECONDS ?= 60
fuzz: install
	$(PY) -m pip install --quiet -e ".[dev,fuzz]"
	$(PY) -m fuzz.run --seconds $(FUZZ_SECONDS)
