"""atheris harness: date resolution (`find_times`; an input opening `YYYY-MM-DD` is
published that day).

Run from the repository root: `.venv/bin/python -m fuzz.fuzz_dates [libFuzzer flags] [corpus]`;
`make fuzz` runs every harness for a bounded time (fuzz/README.md).
"""

from fuzz._atheris import fuzz

if __name__ == "__main__":
    fuzz("dates")
