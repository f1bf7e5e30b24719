"""atheris harness: the WARC reader (`read_file` on a `.warc` file, gzipped or not).

Run from the repository root: `.venv/bin/python -m fuzz.fuzz_warc [libFuzzer flags] [corpus]`;
`make fuzz` runs every harness for a bounded time (fuzz/README.md).
"""

from fuzz._atheris import fuzz

if __name__ == "__main__":
    fuzz("warc")
