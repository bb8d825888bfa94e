"""Scale-out: the same pipeline on Apache Spark (``spark``), and loading its output into the
SQLite store (``load``). Needs the ``spark`` extra (PySpark; pyarrow to load)."""
