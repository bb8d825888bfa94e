"""Entry point for ``spark-submit``: ``newsdesk spark run`` on the cluster spark-submit names.

    spark-submit --master yarn --archives newsdesk-env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python scripts/spark_job.py INPUT... OUTPUT [options]
"""

import sys

from newsdesk.cli import main

if __name__ == "__main__":
    sys.exit(main(["spark", "run", "--master", "", *sys.argv[1:]]))
