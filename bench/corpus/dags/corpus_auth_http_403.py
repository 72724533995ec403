"""A partner API answering 403 Forbidden."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_auth_http_403",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_auth_http_403():

    @task
    def fetch_orders() -> None:
        import logging
        import requests
        log = logging.getLogger("partner_api")
        print("fetch_orders: token refreshed")
        print("fetch_orders: requesting orders since 2024-06-01")
        response = requests.Response()
        response.status_code = 403
        response.reason = "Forbidden"
        response.url = "https://api.partner.example/v2/orders?since=2024-06-01"
        response.raise_for_status()

    fetch_orders()


corpus_auth_http_403()
