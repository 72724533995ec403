"""fetch fails with HTTP 403; publish ends upstream_failed."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_upstream_auth",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_upstream_auth():

    @task
    def fetch() -> None:
        import requests
        print("fetch: calling the rates API")
        response = requests.Response()
        response.status_code = 403
        response.reason = "Forbidden"
        response.url = "https://rates.example.com/v1/latest"
        response.raise_for_status()

    @task
    def publish() -> None:
        print("publish")

    fetch() >> publish()


corpus_upstream_auth()
