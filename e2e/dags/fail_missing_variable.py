"""Reads Variable 'etl_batch_size', which is not defined."""
from __future__ import annotations

import pendulum
from airflow.sdk import Variable, dag, task


@dag(
    dag_id="fail_missing_variable",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "failure"],
    default_args={"retries": 0},
)
def fail_missing_variable():
    @task
    def configure_batches() -> int:
        print("reading batch size from Airflow Variable etl_batch_size")
        size = int(Variable.get("etl_batch_size"))
        print(f"batch size {size}")  # never reached
        return size

    configure_batches()


fail_missing_variable()
