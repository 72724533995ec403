"""A query that runs past its 3-second execution_timeout."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from datetime import timedelta

@dag(
    dag_id="corpus_timeout_execution",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_timeout_execution():

    @task(execution_timeout=timedelta(seconds=3))
    def aggregate_sales() -> None:
        import time
        print("aggregate_sales: running the rollup query")
        time.sleep(60)

    aggregate_sales()


corpus_timeout_execution()
