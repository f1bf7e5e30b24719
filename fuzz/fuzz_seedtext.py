"""atheris harness: the seed-text reader (`read_file` on a `.txt` file).

Run from the repository root: `.venv/bin/python -m fuzz.fuzz_seedtext [libFuzzer flags] [corpus]`;
`make fuzz` runs every harness for a bounded time (fuzz/README.md).
"""

from fuzz._atheris import fuzz

if __name__ == "__main__":
    fuzz("seedtext")
