"""extract fails (a ValueError); transform and load end upstream_failed."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_upstream_chain",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_upstream_chain():

    @task
    def extract() -> None:
        print("extract: reading 3 files")
        raise ValueError("orders_2024-06-01.csv: expected header 'order_id,amount', got 'id;amount'")

    @task
    def transform() -> None:
        print("transform")

    @task
    def load() -> None:
        print("load")

    extract() >> transform() >> load()


corpus_upstream_chain()
