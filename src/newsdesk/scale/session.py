"""The Spark session newsdesk runs in, and what Spark's errors mean to a user."""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from newsdesk.errors import NewsdeskError


def session(master: str = "local[2]", app: str = "newsdesk") -> Any:
    """A Spark session whose Python workers run this interpreter (and so this newsdesk).

    Raises:
        NewsdeskError: PySpark is not installed.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise NewsdeskError("the Spark path needs PySpark: pip install 'newsdesk[spark]'") from None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "4g")
        .config("spark.python.worker.reuse", "true")
    )
    if master:  # empty: the master spark-submit was given
        builder = builder.master(master)
    cores = re.fullmatch(r"local\[(\d+)\]", master)
    if cores:  # shuffles keep a few partitions a core instead of summing their parents' (label propagation unions)
        width = str(2 * int(cores.group(1)))
        builder = builder.config("spark.default.parallelism", width).config("spark.sql.shuffle.partitions", width)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def input_errors() -> tuple[type[BaseException], ...]:
    """What Spark raises when it cannot list or read an input: a Java error through Py4J, or an
    analysis error (no such path). A Python error on a worker (``PythonException``, a bug in
    newsdesk's code there) is not among them: it surfaces as itself."""
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import AnalysisException, IllegalArgumentException

    return (Py4JJavaError, AnalysisException, IllegalArgumentException)


def java_reason(exc: BaseException) -> str:
    """The first line that says why, out of a Py4J/Spark error's long Java trace."""
    for line in str(exc).splitlines():
        found = re.search(r"(\w+(?:Exception|Error): .+)$", line.strip())
        if found:
            return found.group(1)
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
