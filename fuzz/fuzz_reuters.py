"""atheris harness: the Reuters-21578 SGML reader (`read_file` on a `.sgm` file).

Run from the repository root: `.venv/bin/python -m fuzz.fuzz_reuters [libFuzzer flags] [corpus]`;
`make fuzz` runs every harness for a bounded time (fuzz/README.md).
"""

from fuzz._atheris import fuzz

if __name__ == "__main__":
    fuzz("reuters")
