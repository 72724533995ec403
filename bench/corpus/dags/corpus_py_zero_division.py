"""A ratio over an empty week."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_py_zero_division",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_py_zero_division():

    @task
    def conversion_rate() -> None:
        visits, orders = 0, 0
        print(f"conversion_rate: {orders} orders / {visits} visits")
        print(orders / visits)

    conversion_rate()


corpus_py_zero_division()
