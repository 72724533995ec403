"""extract -> transform -> load, all succeed (passes data through XCom)."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="ok_daily_etl",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "success", "etl"],
    doc_md="Daily orders ETL used as the healthy baseline in e2e tests.",
)
def ok_daily_etl():
    @task
    def extract() -> list[dict]:
        rows = [{"id": i, "amount": i * 10.5} for i in range(1, 6)]
        print(f"extracted {len(rows)} rows")
        return rows

    @task
    def transform(rows: list[dict]) -> float:
        total = sum(r["amount"] for r in rows)
        print(f"total amount {total}")
        return total

    @task
    def load(total: float) -> None:
        print(f"loaded total {total} into analytics.daily_orders")

    load(transform(extract()))


ok_daily_etl()
