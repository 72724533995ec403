"""Looks up connection 'warehouse_db', which is not defined."""
from __future__ import annotations

import pendulum
from airflow.sdk import BaseHook, dag, task


@dag(
    dag_id="fail_missing_connection",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "failure"],
    default_args={"retries": 0},
)
def fail_missing_connection():
    @task
    def load_to_warehouse() -> None:
        print("loading 1,204 rows into analytics.orders")
        conn = BaseHook.get_connection("warehouse_db")
        print(f"connected to {conn.host}")  # never reached

    load_to_warehouse()


fail_missing_connection()
