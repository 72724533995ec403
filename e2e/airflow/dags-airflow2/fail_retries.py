"""Fails on every try: retries=2, retry_delay=1 s, so 3 tries; each try prints different output."""
from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.decorators import dag, task
from airflow.operators.python import get_current_context


@dag(
    dag_id="fail_retries",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "failure"],
)
def fail_retries():
    @task(retries=2, retry_delay=timedelta(seconds=1), retry_exponential_backoff=False)
    def flaky_api_call() -> None:
        ti = get_current_context()["ti"]
        attempt = ti.try_number
        print(f"attempt {attempt}: calling https://api.example.invalid/v1/orders")
        endpoints = {1: "primary", 2: "secondary", 3: "fallback"}
        print(f"attempt {attempt}: using {endpoints.get(attempt, 'unknown')} endpoint")
        raise ConnectionError(f"attempt {attempt}: upstream API returned HTTP 503 Service Unavailable")

    flaky_api_call()


fail_retries()
