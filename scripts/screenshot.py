"""Screenshots of rendered pages with headless Chromium, for looking at what people see.

    python scripts/screenshot.py OUT_DIR PAGE.html...

Uses the system's Chromium (Debian's `chromium` package, or $NEWSFUSE_CHROMIUM) through
playwright; no browser is downloaded. Writes OUT_DIR/<page name>.png, the whole page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

__all__ = ["find_chromium", "screenshot_pages"]

#: Looked for in this order on PATH when $NEWSFUSE_CHROMIUM is not set.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Wide enough for the page's 62rem text column plus margins; tall pages are captured whole.
VIEWPORT = {"width": 1100, "height": 900}


def find_chromium() -> str | None:
    """The Chromium executable to drive: $NEWSFUSE_CHROMIUM, else the first on PATH."""
    configured = os.environ.get("NEWSFUSE_CHROMIUM")
    if configured:
        return configured
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def screenshot_pages(pages: Iterable[Path], out_dir: Path, *, full_page: bool = True) -> list[Path]:
    """A PNG per page under `out_dir`, named after the page; returns the PNG paths."""
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if executable is None:
        raise RuntimeError("no Chromium found: install Debian's chromium or set NEWSFUSE_CHROMIUM")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        try:
            page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
            for source in pages:
                target = out_dir / f"{source.stem}.png"
                page.goto(source.resolve().as_uri())
                page.screenshot(path=str(target), full_page=full_page)
                written.append(target)
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("pages", type=Path, nargs="+")
    args = parser.parse_args(argv)
    for path in screenshot_pages(args.pages, args.out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
