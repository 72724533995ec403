"""A load check asserting at least one row."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_data_assert",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_data_assert():

    @task
    def check_load() -> None:
        row_count = 0
        print(f"check_load: {row_count} rows loaded for 2024-06-01")
        assert row_count > 0, "no rows loaded into analytics.orders for 2024-06-01"

    check_load()


corpus_data_assert()
