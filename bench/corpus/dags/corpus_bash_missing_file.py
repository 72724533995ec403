"""A Bash task that reads a landing file which is not there (cat fails, set -e stops the script)."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.providers.standard.operators.bash import BashOperator

@dag(
    dag_id="corpus_bash_missing_file",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_bash_missing_file():

    BashOperator(
        task_id="ingest_landing",
        bash_command=(
            "set -e; echo 'ingest: starting for 2024-06-01'; "
            "for i in 1 2 3 4 5; do echo \"ingest: checked partition $i\"; done; "
            "echo 'WARNING: landing bucket listing is slow today'; "
            "cat /data/landing/orders_20240601.csv | wc -l; "
            "echo 'ingest: done'"
        ),
    )


corpus_bash_missing_file()
