"""Starting inputs for each target, built from the bundled seeds (and L3S-GN1 pages and
FA-KES rows where ../shared/data is present), so the fuzzer starts from well-formed input
of every format and mutates its way into the corners instead of guessing the format."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Callable
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

__all__ = ["SEED_BUILDERS", "write_seeds"]

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
SHARED = REPO / ".." / "shared" / "data"
# Lines that reach the special cases of date resolution and quantity parsing.
DATE_LINES = (
    "2025-06-02 Talks were set for Monday. On the eve of the talks, officials met.",
    "2025-06-02 Two days before the negotiations the same day was quiet. Last weekend, too.",
    "2025-06-02 He said: \u201cwe will meet tomorrow\u201d. The night of May 31 was calm.",
    "1900-01-01 In 2013 and on 6/1 and 2025-06-01, over 18 months, late Sunday.",
    "2200-12-31 Next Friday, the coming weekend, this year, the past weekend.",
)
QUANTITY_LINES = (
    "At least seven people were killed and 34% of the carriers were hit.",
    "About two hundred and fifty thousand residents, 1.5 million dollars, $4,300.",
    "A total of 41 warplanes; nearly a dozen drones were shot down; up to 3 km.",
)


def _seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def _bodies() -> list[str]:
    """The seeds without their crawl header line, cut to keep inputs short."""
    bodies = []
    for text in _seed_texts():
        first, _, rest = text.partition("\n")
        bodies.append((rest if first.lstrip().startswith("date") else text)[:3000])
    return bodies


def _page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines() if line.strip())
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>"
        '<meta property="article:published_time" content="2025-06-02"></head>'
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


def _pages() -> list[bytes]:
    pages = [_page(body.partition("\n")[0][:80], body) for body in _bodies()]
    shared = sorted((SHARED / "l3s-gn1-sample" / "input").glob("*"))[:3]
    return pages + [path.read_bytes() for path in shared]


def _warc(pages: list[bytes], *, compress: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("seed.warc", {"software": "fuzz"}))
    for number, page in enumerate(pages):
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://news.example.org/{number}",
            "response",
            payload=io.BytesIO(page),
            http_headers=http,
            warc_headers_dict={"WARC-Date": "2025-06-02T08:30:00Z"},
        )
        writer.write_record(record)
        record.raw_stream.close()  # warcio spools payloads to a temporary file
    return buffer.getvalue()


def _jsonl() -> list[bytes]:
    records = [
        {"id": f"s{n}", "title": body.partition("\n")[0], "text": body, "published": "2025-06-02"}
        for n, body in enumerate(_bodies())
    ]
    lines = "".join(json.dumps(record) + "\n" for record in records).encode()
    return [lines, gzip.compress(lines), b'{"id": 1, "text": "t", "status": 200}\n']


def _csv() -> list[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "title", "date", "source", "text"])
    for n, body in enumerate(_bodies()):
        writer.writerow([f"s{n}", body.partition("\n")[0], "6/2/2025", "Example", body])
    table = buffer.getvalue().encode()
    seeds = [table, gzip.compress(table), table.replace(b",", b"\t")]
    fakes = SHARED / "fa-kes" / "FA-KES-Dataset.csv"
    if fakes.exists():
        seeds.append(fakes.read_bytes()[:20_000])
    return seeds


def _reuters() -> list[bytes]:
    records = "".join(
        f'<REUTERS TOPICS="NO" NEWID="{n}">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n'
        f"<TEXT>\n<TITLE>{body.partition(chr(10))[0][:60]}</TITLE>\n"
        f"<BODY>{body[:1500]}\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n"
        for n, body in enumerate(_bodies())
    )
    return [f'<!DOCTYPE lewis SYSTEM "lewis.dtd">\n{records}'.encode()]


SEED_BUILDERS: dict[str, Callable[[], list[bytes]]] = {
    "seedtext": lambda: [text.encode() for text in _seed_texts()],
    "jsonl": _jsonl,
    "html": _pages,
    "warc": lambda: [_warc(_pages()[:2], compress=False), _warc(_pages()[:2], compress=True)],
    "csv": _csv,
    "reuters": _reuters,
    "clean": lambda: (
        [body.encode() for body in _bodies()] + [("T:" + body).encode() for body in _bodies()[:2]]
    ),
    "dates": lambda: (
        [line.encode() for line in DATE_LINES]
        + [("2025-06-02 " + body[:1500]).encode() for body in _bodies()]
    ),
    "quantities": lambda: (
        [line.encode() for line in QUANTITY_LINES] + [body[:1500].encode() for body in _bodies()]
    ),
}


def write_seeds(target: str, folder: Path) -> int:
    """Write the target's starting inputs into `folder`; return how many."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = SEED_BUILDERS[target]()
    for number, data in enumerate(seeds):
        (folder / f"seed-{number:02d}").write_bytes(data)
    return len(seeds)
