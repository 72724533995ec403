"""A task importing a package the worker does not have."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_dep_missing_module",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_dep_missing_module():

    @task
    def write_parquet() -> None:
        print("write_parquet: 3 partitions to write")
        import pyarrow_flight_ext  # noqa: F401

    write_parquet()


corpus_dep_missing_module()
