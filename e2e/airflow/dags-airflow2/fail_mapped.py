"""Dynamic task mapping over [1, 2, 3]; only x == 2 (map_index 1) fails."""
from __future__ import annotations

import pendulum
from airflow.decorators import dag, task


@dag(
    dag_id="fail_mapped",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "failure"],
    default_args={"retries": 0},
)
def fail_mapped():
    @task
    def process_partition(x: int) -> int:
        print(f"processing partition {x}")
        if x == 2:
            raise ValueError(f"partition {x}: schema mismatch, expected 5 columns got 4")
        print(f"partition {x} done")
        return x * 100

    @task
    def summarize(values) -> int:
        total = sum(values)
        print(f"total {total}")
        return total

    summarize(process_partition.expand(x=[1, 2, 3]))


fail_mapped()
