"""execution_timeout=3 s on a task that sleeps 60 s -> AirflowTaskTimeout."""
from __future__ import annotations

import time
from datetime import timedelta

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="fail_execution_timeout",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "failure"],
    default_args={"retries": 0},
)
def fail_execution_timeout():
    @task(execution_timeout=timedelta(seconds=3))
    def slow_query() -> None:
        print("running SELECT * FROM events WHERE day = '2024-06-01' (expected ~60 s)")
        time.sleep(60)
        print("query finished")  # never reached

    slow_query()


fail_execution_timeout()
