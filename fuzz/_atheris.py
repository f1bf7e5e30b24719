"""Running one target under atheris: the code it reaches instrumented, libFuzzer driving."""

from __future__ import annotations

import sys

# Packages whose code the fuzzer's coverage follows: newsfuse, and the parsers it hands
# untrusted input to. spaCy and torch are left out: instrumenting them slows every input
# and their code is not what the inputs are aimed at.
INSTRUMENTED = (
    "newsfuse",
    "fuzz",
    "trafilatura",
    "htmldate",
    "justext",
    "warcio",
    "charset_normalizer",
    "dateparser",
)


def fuzz(target: str) -> None:
    """Fuzz `target` (a name in `fuzz.targets.TARGETS`) with libFuzzer's command line."""
    import atheris  # type: ignore[import-untyped]  # the `fuzz` extra, untyped

    with atheris.instrument_imports(include=list(INSTRUMENTED)):
        from fuzz.targets import TARGETS

    atheris.Setup(sys.argv, TARGETS[target])
    atheris.Fuzz()
