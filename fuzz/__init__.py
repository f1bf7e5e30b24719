"""Fuzzing newsfuse's readers and stages (issue 8); see fuzz/README.md.

`targets` says what each target feeds its input through and what it accepts back; the
`fuzz_<target>.py` harnesses run those targets under atheris (coverage-guided, for a bounded
time: `make fuzz`), and tests/fuzz runs them under hypothesis and replays the inputs that
once broke something (what CI runs).
"""
