"""`make fuzz`: run every atheris harness for a bounded time, one after another, and print
the inputs tried and what broke per target.

    .venv/bin/python -m fuzz.run [--seconds 60] [--targets html,warc]

Each target keeps its growing corpus in out/fuzz/<target>/corpus between runs, starts from
the inputs `fuzz.seeds` builds and from tests/fuzz/corpus/<target> (inputs that once broke
something), and leaves what breaks now in out/fuzz/<target>/ as libFuzzer's `crash-*`,
`timeout-*` or `oom-*` file. Copy such a file into tests/fuzz/corpus/<target>/ once it is
fixed: CI replays that folder.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from fuzz.seeds import REPO, SEED_BUILDERS, write_seeds

OUT = REPO / "out" / "fuzz"
REGRESSIONS = REPO / "tests" / "fuzz" / "corpus"
# Longest input libFuzzer makes per target: past the readers' fuzz limits (100 kB per
# document, 20 kB per record, see `fuzz.targets.READ_SETTINGS`) so those are reached;
# shorter for the spaCy targets, where a parse costs ~1 ms per 100 characters.
MAX_LEN = {"clean": 65_536, "dates": 4_096, "quantities": 4_096}
READER_MAX_LEN = 120_000
# libFuzzer's per-input time guard (seconds) and memory ceiling (the harness process holds
# spaCy and torch: ~1 GB before the first input).
INPUT_TIMEOUT = 10
RSS_LIMIT_MB = 4096
_EXECUTED = re.compile(r"stat::number_of_executed_units:\s*(\d+)")
_DONE = re.compile(r"Done (\d+) runs")


@dataclass(frozen=True, slots=True)
class TargetRun:
    """What one harness run did."""

    target: str
    inputs: int
    seconds: float
    findings: tuple[Path, ...]
    exit_code: int


def run_target(target: str, *, seconds: int) -> TargetRun:
    """Fuzz one target for `seconds`; its output goes to out/fuzz/<target>/log.txt."""
    folder = OUT / target
    corpus, seeds, regressions = folder / "corpus", folder / "seeds", REGRESSIONS / target
    for path in (corpus, regressions):
        path.mkdir(parents=True, exist_ok=True)
    write_seeds(target, seeds)
    before = set(_findings(folder))
    command = [
        sys.executable,
        "-m",
        f"fuzz.fuzz_{target}",
        f"-max_total_time={seconds}",
        f"-timeout={INPUT_TIMEOUT}",
        f"-rss_limit_mb={RSS_LIMIT_MB}",
        f"-max_len={MAX_LEN.get(target, READER_MAX_LEN)}",
        f"-artifact_prefix={folder}/",
        "-print_final_stats=1",
        str(corpus),
        str(seeds),
        str(regressions),
    ]
    started = time.monotonic()
    log = folder / "log.txt"
    with log.open("w") as handle:
        finished = subprocess.run(command, cwd=REPO, stdout=handle, stderr=subprocess.STDOUT)
    output = log.read_text(errors="replace")
    counts = _EXECUTED.findall(output) or _DONE.findall(output)
    return TargetRun(
        target=target,
        inputs=int(counts[-1]) if counts else 0,
        seconds=time.monotonic() - started,
        findings=tuple(sorted(set(_findings(folder)) - before)),
        exit_code=finished.returncode,
    )


def _findings(folder: Path) -> list[Path]:
    return [p for prefix in ("crash-", "timeout-", "oom-") for p in folder.glob(f"{prefix}*")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="per target (default 60)")
    parser.add_argument("--targets", default=",".join(SEED_BUILDERS), help="comma-separated")
    args = parser.parse_args(argv)
    runs = []
    for target in args.targets.split(","):
        run = run_target(target, seconds=args.seconds)
        runs.append(run)
        found = ", ".join(str(p.relative_to(REPO)) for p in run.findings) or "nothing"
        print(
            f"{target:<11} {run.inputs:>9,} inputs in {run.seconds:5.0f} s; found: {found}",
            flush=True,
        )
        if run.exit_code and not run.findings:
            print(f"{target}: harness exited {run.exit_code}; see {OUT / target / 'log.txt'}")
    total = sum(run.inputs for run in runs)
    print(f"{'all':<11} {total:>9,} inputs")
    return 1 if any(run.findings or run.exit_code for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
