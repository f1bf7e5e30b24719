"""atheris harness: the HTML reader (`read_file` on a `.html` file: decoding, trafilatura, limits).

Run from the repository root: `.venv/bin/python -m fuzz.fuzz_html [libFuzzer flags] [corpus]`;
`make fuzz` runs every harness for a bounded time (fuzz/README.md).
"""

from fuzz._atheris import fuzz

if __name__ == "__main__":
    fuzz("html")
