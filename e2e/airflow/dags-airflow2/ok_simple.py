"""A single task that succeeds."""
from __future__ import annotations

import pendulum
from airflow.decorators import dag, task


@dag(
    dag_id="ok_simple",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "success"],
)
def ok_simple():
    @task
    def hello() -> str:
        print("hello from ok_simple")
        return "done"

    hello()


ok_simple()
