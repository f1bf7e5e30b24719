"""Memory of the incremental `StoryStream` on a long stream: bounded by the window, not the length.

Input: Reuters-21578 (../shared/data/reuters21578/*.sgm), read and cleaned once (~19k
articles on 58 publication days between 1987-02-26 and 1987-10-20). A generator replays it in
passes until N articles have gone by. Each pass puts the archive's 58 days on 58 consecutive
days after the previous pass, so dates keep increasing and the stream never pauses: the
archive's own gaps (33 and 112 days) would close every story and reset memory for free, and
a story reported daily could never stay open long. From pass 1 on every article is perturbed
with seeded edits (words dropped and swapped, numbers changed, a new id), so no copy is
byte-identical. Articles are made lazily, one day at a time, and fed to `StoryStream.add` in
date order; stories that close are counted and dropped, as a consumer writing them out would.
The one undated Reuters article is left out.

Two streams, each in a fresh process so peak RSS (ru_maxrss) is its own:
- `window`: the default `GroupSettings` window (7 days), N articles;
- `baseline`: the same stream with a window no story ever leaves (nothing closes), N/5
  articles, or until its RSS passes a cap; compared with `window` at equal article counts
  (nothing extrapolated).
Then, in a third process, the MiniLM lead embedding's throughput on 500 Reuters leads.

Embeddings are OFF in both streams unless `--embeddings` is given: at ~50 articles/s on two
cores they would make 100k articles a ~35 minute run. Prints progress every K articles and a
summary, and writes bench/results/stream.json.
Usage: python bench/stream.py [--articles N] [--every K] [--baseline-max-rss-mib M] [--embeddings]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import itertools
import json
import platform
import random
import re
import resource
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from newsfuse.cluster import LeadEmbedder, StoryStream
from newsfuse.cluster.signature import lead_text
from newsfuse.config import GroupSettings, Settings
from newsfuse.model import Article
from newsfuse.runners.local import read_clean

REPO = Path(__file__).resolve().parents[1]
REUTERS = REPO / ".." / "shared" / "data" / "reuters21578"
# Perturbation of copies: rates per word, and per number; a fixed seed per (pass, article).
SEED = 21578
DROP_WORD = 0.02
SWAP_WORDS = 0.02
CHANGE_NUMBER = 0.3
# "Nothing closes": 10**6 days would overflow `datetime.date` when the stream subtracts it.
ENDLESS_WINDOW_DAYS = 10**5
EMBEDDING_LEADS = 500
_NUMBER = re.compile(r"\d+")
console = Console(highlight=False, width=120)


@dataclasses.dataclass(frozen=True, slots=True)
class Corpus:
    """The dated, cleaned Reuters articles in (day, id) order, and how many days they fill."""

    articles: tuple[Article, ...]
    start: dt.date
    days: int
    undated: int


def load_corpus(limit_files: int | None = None) -> Corpus:
    paths = sorted(REUTERS.glob("*.sgm"))[:limit_files]
    cleaned = read_clean(paths, Settings())
    days = {day for article in cleaned if (day := article.published_date) is not None}
    dated = sorted(
        (article for article in cleaned if article.published_date is not None),
        key=lambda article: (article.published_date, article.id),
    )
    return Corpus(tuple(dated), min(days), len(days), len(cleaned) - len(dated))


def perturb(article: Article, *, copy: int, shift: dt.timedelta) -> Article:
    """Pass 0 is Reuters itself, re-dated; later passes are re-dated, edited copies."""
    published = article.published + shift if article.published else None
    if copy == 0:
        return dataclasses.replace(article, published=published)
    rng = random.Random(f"{SEED}:{copy}:{article.id}")
    paragraphs = tuple(edit_words(paragraph, rng) for paragraph in article.paragraphs)
    return dataclasses.replace(
        article,
        id=f"{article.id}~{copy}",
        title=change_numbers(article.title, rng) if article.title else article.title,
        text="\n".join(paragraphs),
        paragraphs=paragraphs,
        published=published,
        removals=(),
    )


def edit_words(text: str, rng: random.Random) -> str:
    words = []
    for word in text.split():
        if rng.random() < DROP_WORD:
            continue
        words.append(change_numbers(word, rng))
        if len(words) > 1 and rng.random() < SWAP_WORDS:
            words[-2], words[-1] = words[-1], words[-2]
    return " ".join(words)


def change_numbers(text: str, rng: random.Random) -> str:
    def change(match: re.Match[str]) -> str:
        if rng.random() >= CHANGE_NUMBER:
            return match.group()
        return str(int(match.group()) + rng.randint(1, 9))

    return _NUMBER.sub(change, text)


def day_batches(corpus: Corpus, total: int) -> Iterator[list[Article]]:
    """Whole days, in date order, until at least `total` articles have gone by."""
    produced = 0
    for copy in itertools.count():
        days = itertools.groupby(corpus.articles, key=lambda a: a.published_date)
        for offset, (day, articles) in enumerate(days, start=copy * corpus.days):
            shift = corpus.start + dt.timedelta(days=offset) - day  # type: ignore[operator]
            batch = [perturb(article, copy=copy, shift=shift) for article in articles]
            yield batch
            produced += len(batch)
            if produced >= total:
                return


def rss_mib() -> tuple[float, float]:
    """(current VmRSS, peak ru_maxrss) of this process, in MiB."""
    status = Path("/proc/self/status").read_text(encoding="ascii")
    current = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(current.split()[1]) / 1024, peak / 1024


def stream_run(
    label: str, window_days: int, marks: list[int], embeddings: bool, max_rss_mib: float
) -> dict:
    """Stream up to the last of `marks` articles through one `StoryStream`, measuring at each;
    stop early once RSS passes `max_rss_mib`."""
    corpus = load_corpus()
    loaded_rss, _ = rss_mib()
    stream = StoryStream(settings=GroupSettings(embeddings=embeddings, window_days=window_days))
    console.print(
        f"[bold]{label}[/]: window {window_days} days, {marks[-1]:,} articles; corpus "
        f"{len(corpus.articles):,} dated articles on {corpus.days} days "
        f"({corpus.undated} undated left out); RSS after loading {loaded_rss:.0f} MiB"
    )
    checkpoints: list[dict[str, Any]] = []
    seen = closed = 0
    start = last_time = time.perf_counter()
    last_seen, stopped = 0, None
    for batch in day_batches(corpus, marks[-1]):
        closed += len(stream.add(batch))  # a consumer would write these out; we drop them
        seen += len(batch)
        if rss_mib()[0] > max_rss_mib:
            stopped = f"RSS passed {max_rss_mib:.0f} MiB"
        if seen >= marks[0] or stopped:
            now = time.perf_counter()
            rate = (seen - last_seen) / (now - last_time)
            point = checkpoint(stream, seen, closed, now - start, rate)
            point["day"] = batch[0].published_date.isoformat()  # type: ignore[union-attr]
            checkpoints.append(point)
            print_checkpoint(label, point)
            marks = [m for m in marks if m > seen] or [seen + 1]
            last_seen, last_time = seen, now
        if stopped:
            console.print(f"  {label} stopped at {seen:,} articles: {stopped}")
            break
    return {"label": label, "window_days": window_days, "loaded_rss_mib": round(loaded_rss)} | {
        "checkpoints": checkpoints,
        "per_second": round(seen / (time.perf_counter() - start), 1),
        "stopped": stopped,
    }


def checkpoint(stream: StoryStream, seen: int, closed: int, seconds: float, rate: float) -> dict:
    current, peak = rss_mib()
    return {
        "articles": seen,
        "seconds": round(seconds, 1),
        "per_second": round(seen / seconds, 1),
        "interval_per_second": round(rate, 1),
        "open_stories": stream.open_stories,
        "index_keys": stream.index_keys,
        # Diagnostic, read from inside: does any one story grow with the stream?
        "longest_open_story": max((len(s.article_ids) for s in stream._open.values()), default=0),
        "closed_stories": closed,
        "rss_mib": round(current),
        "peak_rss_mib": round(peak),
    }


def print_checkpoint(label: str, point: dict) -> None:
    console.print(
        f"  {label:<8} {point['articles']:>8,} articles ({point['day']}) "
        f"{point['interval_per_second']:>7.0f}/s  open {point['open_stories']:>6,}  "
        f"index keys {point['index_keys']:>8,}  longest {point['longest_open_story']:>5,}  "
        f"closed {point['closed_stories']:>7,}  "
        f"RSS {point['rss_mib']:>5} MiB  peak {point['peak_rss_mib']:>5} MiB"
    )


def embedding_run(count: int) -> dict:
    """MiniLM lead throughput on `count` Reuters leads (model load timed apart)."""
    corpus = load_corpus(limit_files=1)
    leads = [lead_text(a, GroupSettings().lead_sentences) for a in corpus.articles[:count]]
    embedder = LeadEmbedder()
    start = time.perf_counter()
    embedder.encode(leads[:1])
    loaded = time.perf_counter()
    embedder.encode(leads)
    seconds = time.perf_counter() - loaded
    return {
        "leads": len(leads),
        "model_load_seconds": round(loaded - start, 1),
        "seconds": round(seconds, 1),
        "per_second": round(len(leads) / seconds, 1),
    }


def in_fresh_process(function: Any, *args: Any) -> Any:
    """Run in a spawned process, so its peak RSS is not the sum of what ran before it."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def at(run: dict, articles: int) -> dict:
    """The first checkpoint at or past `articles`."""
    return next(p for p in run["checkpoints"] if p["articles"] >= articles)


def print_summary(window: dict, baseline: dict, embedding: dict, fifth: int) -> dict:
    table = Table(title="StoryStream on replicated, perturbed Reuters-21578")
    columns = ("run", "articles", "articles/s", "open stories", "index keys", "longest", "closed")
    for column in columns:
        table.add_column(column, justify="right")
    table.add_column("RSS MiB", justify="right")
    table.add_column("peak RSS MiB", justify="right")
    for run in (window, baseline):
        for p in run["checkpoints"]:
            table.add_row(
                f"{run['label']} ({run['window_days']} d)",
                f"{p['articles']:,}",
                f"{p['interval_per_second']:.0f}",
                f"{p['open_stories']:,}",
                f"{p['index_keys']:,}",
                f"{p['longest_open_story']:,}",
                f"{p['closed_stories']:,}",
                str(p["rss_mib"]),
                str(p["peak_rss_mib"]),
            )
    console.print(table)
    return print_ratios(window, baseline, embedding, fifth)


def print_ratios(window: dict, baseline: dict, embedding: dict, fifth: int) -> dict:
    end, early = window["checkpoints"][-1], at(window, fifth)
    base_end = baseline["checkpoints"][-1]
    same = at(window, base_end["articles"])  # the same day boundary: equal article counts

    def ratio(first: dict, second: dict, key: str) -> float:
        return round(first[key] / second[key], 2)

    ratios = {
        f"window_{key}_end_vs_fifth": ratio(end, early, key)
        for key in ("index_keys", "open_stories", "peak_rss_mib")
    } | {
        f"baseline_vs_window_{key}": ratio(base_end, same, key)
        for key in ("index_keys", "open_stories", "peak_rss_mib")
    }
    console.print(
        f"window run, {end['articles']:,} vs {early['articles']:,} articles: index keys "
        f"x{ratios['window_index_keys_end_vs_fifth']}, open stories "
        f"x{ratios['window_open_stories_end_vs_fifth']}, peak RSS "
        f"x{ratios['window_peak_rss_mib_end_vs_fifth']} (streamed {window['per_second']:.0f}/s)"
    )
    console.print(
        f"at {same['articles']:,} articles, nothing-closes baseline vs window: index keys "
        f"x{ratios['baseline_vs_window_index_keys']}, open stories "
        f"x{ratios['baseline_vs_window_open_stories']}, peak RSS "
        f"x{ratios['baseline_vs_window_peak_rss_mib']} "
        f"(baseline streamed {baseline['per_second']:.0f}/s"
        + (f"; stopped: {baseline['stopped']})" if baseline["stopped"] else ")")
    )
    console.print(
        f"MiniLM lead embedding: {embedding['per_second']:.0f} leads/s on {embedding['leads']} "
        f"Reuters leads (model load {embedding['model_load_seconds']} s) · {platform.machine()} "
        f"· Python {platform.python_version()}"
    )
    return ratios


def warn_embeddings(embeddings: bool) -> None:
    if embeddings:
        console.print("[bold]Embeddings ON[/]: the streams include the MiniLM lead embedding.")
        return
    console.print(
        "[bold yellow]EMBEDDINGS OFF[/]: both streams ran with GroupSettings(embeddings=False); "
        "the MiniLM lead embedding (timed above) is not in these rates or RSS figures. "
        "Use --embeddings with a smaller --articles to include it."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--every", type=int, default=10_000)
    parser.add_argument("--embeddings", action="store_true")
    # The baseline's cost grows with everything it holds; stop it before it takes the machine.
    parser.add_argument("--baseline-max-rss-mib", type=float, default=4096)
    args = parser.parse_args()
    if not REUTERS.exists():
        sys.exit(f"{REUTERS} is absent")
    warn_embeddings(args.embeddings)
    total, fifth = args.articles, args.articles // 5
    marks = sorted({*range(args.every, total, args.every), fifth, total})
    # The baseline runs first: where its RSS cap stops it, the window run measures too.
    baseline = in_fresh_process(
        stream_run,
        "baseline",
        ENDLESS_WINDOW_DAYS,
        [m for m in marks if m <= fifth],
        args.embeddings,
        args.baseline_max_rss_mib,
    )
    marks = sorted({*marks, *(p["articles"] for p in baseline["checkpoints"])})
    window = in_fresh_process(
        stream_run, "window", GroupSettings().window_days, marks, args.embeddings, float("inf")
    )
    embedding = in_fresh_process(embedding_run, EMBEDDING_LEADS)
    ratios = print_summary(window, baseline, embedding, fifth)
    warn_embeddings(args.embeddings)
    payload = {"articles": total, "embeddings": args.embeddings, "runs": [window, baseline]}
    payload |= {"embedding": embedding, "ratios": ratios}
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "stream.json").write_text(json.dumps(payload, indent=2))


if __name__ == "__main__":
    main()
