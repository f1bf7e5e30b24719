"""atheris harness: the JSONL reader (`read_file` on a `.jsonl` file, gzipped or not).

Run from the repository root: `.venv/bin/python -m fuzz.fuzz_jsonl [libFuzzer flags] [corpus]`;
`make fuzz` runs every harness for a bounded time (fuzz/README.md).
"""

from fuzz._atheris import fuzz

if __name__ == "__main__":
    fuzz("jsonl")
