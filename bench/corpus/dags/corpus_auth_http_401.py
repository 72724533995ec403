"""A partner API answering 401 after a few logged 5xx retries."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_auth_http_401",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_auth_http_401():

    @task
    def fetch_invoices() -> None:
        import logging
        import requests
        log = logging.getLogger("partner_api")
        log.error("GET /api/invoices: HTTP 502 Bad Gateway, retrying in 1s")
        log.error("GET /api/invoices: HTTP 502 Bad Gateway, retrying in 2s")
        print("fetch_invoices: gateway back")
        response = requests.Response()
        response.status_code = 401
        response.reason = "Unauthorized"
        response.url = "https://billing.example.com/api/invoices"
        response.raise_for_status()

    fetch_invoices()


corpus_auth_http_401()
