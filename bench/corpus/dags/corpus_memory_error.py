"""A task whose allocation fails with MemoryError."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_memory_error",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_memory_error():

    @task
    def pivot_table() -> None:
        print("pivot_table: 48M rows x 3,000 columns requested")
        raise MemoryError("Unable to allocate 1.07 TiB for an array with shape (48000000, 3000) and data type float64")

    pivot_table()


corpus_memory_error()
