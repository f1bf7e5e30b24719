"""atheris harness: the CSV/TSV reader (`read_file` on a `.csv` file, gzipped or not).

Run from the repository root: `.venv/bin/python -m fuzz.fuzz_csv [libFuzzer flags] [corpus]`;
`make fuzz` runs every harness for a bounded time (fuzz/README.md).
"""

from fuzz._atheris import fuzz

if __name__ == "__main__":
    fuzz("csv")
