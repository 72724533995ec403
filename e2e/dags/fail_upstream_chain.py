"""start (ok) -> check_source (fails) -> transform, publish (both upstream_failed)."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="fail_upstream_chain",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "failure"],
    default_args={"retries": 0},
)
def fail_upstream_chain():
    @task
    def start() -> None:
        print("starting chain")

    @task
    def check_source() -> None:
        print("checking s3://landing/orders/2024-06-01/_SUCCESS")
        raise FileNotFoundError("s3://landing/orders/2024-06-01/_SUCCESS not found")

    @task
    def transform() -> None:
        print("never runs")

    @task
    def publish() -> None:
        print("never runs")

    start() >> check_source() >> transform() >> publish()


fail_upstream_chain()
