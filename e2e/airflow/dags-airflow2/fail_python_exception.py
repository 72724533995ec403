"""Fails in `transform` with ValueError raised from a nested helper (real traceback)."""
from __future__ import annotations

import pendulum
from airflow.decorators import dag, task


def _count_nulls(rows: list[dict], column: str) -> int:
    return sum(1 for r in rows if r.get(column) is None)


def _validate(rows: list[dict]) -> None:
    nulls = _count_nulls(rows, "amount")
    if nulls:
        raise ValueError(f"column 'amount' has {nulls} nulls")


@dag(
    dag_id="fail_python_exception",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "failure"],
    default_args={"retries": 0},
)
def fail_python_exception():
    @task
    def extract() -> list[dict]:
        rows = [{"id": i, "amount": None if i in (3, 7, 11) else i * 10.5} for i in range(1, 13)]
        print(f"extracted {len(rows)} rows from orders_raw")
        return rows

    @task
    def transform(rows: list[dict]) -> int:
        print(f"transform: received {len(rows)} rows")
        print("transform: normalising currency to EUR")
        print("transform: validating not-null constraints")
        _validate(rows)
        return len(rows)

    transform(extract())


fail_python_exception()
