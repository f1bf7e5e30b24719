"""atheris harness: `clean` (a first line `T:...` is the title; outlet boilerplate index on).

Run from the repository root: `.venv/bin/python -m fuzz.fuzz_clean [libFuzzer flags] [corpus]`;
`make fuzz` runs every harness for a bounded time (fuzz/README.md).
"""

from fuzz._atheris import fuzz

if __name__ == "__main__":
    fuzz("clean")
