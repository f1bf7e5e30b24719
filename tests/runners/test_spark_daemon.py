"""The path newsfuse's Spark workers start with: Spark's copies of what is installed (its
pyspark and py4j archives) and jars holding no Python dropped, anything else kept.

pyspark puts `pyspark.zip`, the py4j archive and a Spark jar before everything else on the
workers' path; on Python 3.11 each task then re-read those archives' directories (about
70 ms a task), which is what `worker_path` takes away.
"""

from __future__ import annotations

import importlib.metadata
import zipfile
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark", reason="the spark extra is not installed")

from newsfuse.runners.spark_daemon import bundled_version, worker_path  # noqa: E402

BUNDLED = Path(pyspark.__file__).parent / "python" / "lib"
JARS = Path(pyspark.__file__).parent / "jars"


def _spark_archives() -> tuple[str, str, str]:
    pyspark_zip = BUNDLED / "pyspark.zip"
    py4j_zip = next(BUNDLED.glob("py4j-*-src.zip"))
    core_jar = next(JARS.glob("spark-core_*.jar"))
    return str(pyspark_zip), str(py4j_zip), str(core_jar)


def test_the_installed_pyspark_archives_are_read_for_their_versions() -> None:
    pyspark_zip, py4j_zip, _ = _spark_archives()
    assert bundled_version(pyspark_zip) == ("pyspark", importlib.metadata.version("pyspark"))
    assert bundled_version(py4j_zip) == ("py4j", importlib.metadata.version("py4j"))
    assert bundled_version("/usr/lib/python3.11") is None


def test_spark_copies_of_installed_packages_and_its_jars_leave_the_path() -> None:
    site = str(Path(importlib.metadata.distribution("pyspark").locate_file("")))
    pyspark_zip, py4j_zip, core_jar = _spark_archives()
    path = [pyspark_zip, py4j_zip, core_jar, "/work/app", site]
    assert worker_path(path) == ["/work/app", site]


def test_archives_of_another_version_stay(tmp_path: Path) -> None:
    older = tmp_path / "pyspark.zip"
    with zipfile.ZipFile(older, "w") as archive:
        archive.writestr("pyspark/version.py", '__version__: str = "3.5.1"\n')
    other_py4j = tmp_path / "py4j-0.10.9.7-src.zip"
    with zipfile.ZipFile(other_py4j, "w") as archive:
        archive.writestr("py4j/__init__.py", "")
    broken = tmp_path / "elsewhere" / "pyspark.zip"
    broken.parent.mkdir()
    broken.write_bytes(b"not a zip")
    # A Spark package may carry Python inside its jar (graphframes does): it stays.
    with_python = tmp_path / "graphframes-0.8.4-spark3.5-s_2.12.jar"
    with zipfile.ZipFile(with_python, "w") as archive:
        archive.writestr("graphframes/__init__.py", "")
        archive.writestr("org/graphframes/GraphFrame.class", b"\xca\xfe")
    path = [str(older), str(other_py4j), str(broken), str(with_python)]
    assert bundled_version(str(older)) == ("pyspark", "3.5.1")
    assert bundled_version(str(broken)) is None
    assert worker_path(path) == path
