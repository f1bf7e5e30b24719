"""atheris harness: quantity parsing (`parse_number` and `find_quantities`).

Run from the repository root: `.venv/bin/python -m fuzz.fuzz_quantities [libFuzzer flags] [corpus]`;
`make fuzz` runs every harness for a bounded time (fuzz/README.md).
"""

from fuzz._atheris import fuzz

if __name__ == "__main__":
    fuzz("quantities")
