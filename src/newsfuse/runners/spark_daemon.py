"""The daemon that forks newsfuse's Spark Python workers: pyspark's own, started the way
newsfuse's tasks need it (`spark.python.daemon.module` names this module).

- newsfuse is imported before the daemon forks: a worker forked from pyspark's plain daemon
  imports newsfuse (spaCy, thinc, torch: ~4 CPU seconds) again before its first task; forked
  from this one, it starts with them in memory, shared with its siblings.
- The workers' path loses what Spark puts first on it that the installed packages already
  hold or that holds no Python: its `pyspark.zip` (3,000+ files) and py4j archive where the
  installed pyspark and py4j are the same versions, and jars with no Python module in them
  (Spark 4 puts its 5,000-entry core jar there). pyspark calls `importlib.invalidate_caches()`
  before every task, and Python 3.11 then re-reads the directory of every archive an import
  has looked into, once for each package imported from it: ~70 ms a task.

A five-article `local[1]` run: 58 s -> 38 s with both.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
import zipfile
from pathlib import Path

_PYSPARK_VERSION = re.compile(r"""__version__[^=]*=\s*["']([^"']+)["']""")
_PY4J_ARCHIVE = re.compile(r"py4j-(.+)-src\.zip")


def bundled_version(entry: str) -> tuple[str, str] | None:
    """(distribution, version) of `entry` when it is Spark's pyspark or py4j archive."""
    name = Path(entry).name
    if found := _PY4J_ARCHIVE.fullmatch(name):
        return "py4j", found.group(1)
    if name != "pyspark.zip":
        return None
    try:
        with zipfile.ZipFile(entry) as archive:
            source = archive.read("pyspark/version.py").decode("utf-8")
    except (OSError, KeyError, UnicodeDecodeError, zipfile.BadZipFile):
        return None
    found = _PYSPARK_VERSION.search(source)
    return ("pyspark", found.group(1)) if found else None


def worker_path(path: list[str]) -> list[str]:
    """`path` without Spark's archives of what is installed as is, and without jars that
    hold no Python module."""
    return [entry for entry in path if not _redundant(entry)]


def _redundant(entry: str) -> bool:
    """A jar with no Python module in it, or Spark's archive of a package installed as is."""
    if entry.endswith(".jar"):
        try:
            with zipfile.ZipFile(entry) as archive:
                return not any(name.endswith((".py", ".pyc")) for name in archive.namelist())
        except (OSError, zipfile.BadZipFile):
            return False
    bundled = bundled_version(entry)
    if bundled is None:
        return False
    distribution, version = bundled
    try:
        return importlib.metadata.version(distribution) == version
    except importlib.metadata.PackageNotFoundError:
        return False


if __name__ == "__main__":
    kept = worker_path(sys.path)
    for entry in set(sys.path) - set(kept):  # and the importers already made for them
        for key in [key for key in sys.path_importer_cache if key.startswith(entry)]:
            del sys.path_importer_cache[key]
    sys.path[:] = kept
    from pyspark.daemon import manager

    import newsfuse.runners.spark  # noqa: F401  (for its side effect: the modules in memory)

    manager()
