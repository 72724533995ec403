"""A transform that fails on a missing key, after printing that an earlier run saw HTTP 403."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_py_keyerror",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_py_keyerror():

    @task
    def enrich() -> None:
        print("enrich: previous run hit HTTP 403 Forbidden, credentials were rotated since")
        record = {"id": 7, "country": "DE"}
        print(record["currency"])

    enrich()


corpus_py_keyerror()
