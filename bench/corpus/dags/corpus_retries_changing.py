"""Three tries, three causes: a 503, a timeout, then a 403 on the last try."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from datetime import timedelta

@dag(
    dag_id="corpus_retries_changing",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 2, "retry_delay": timedelta(seconds=1)},
)
def corpus_retries_changing():

    @task
    def pull_feed() -> None:
        import requests
        from airflow.sdk import get_current_context
        attempt = get_current_context()["ti"].try_number
        print(f"pull_feed: attempt {attempt}")
        if attempt == 1:
            raise ConnectionError("feed.example.com: HTTP 503 Service Unavailable")
        if attempt == 2:
            raise TimeoutError("feed.example.com: read timed out after 30s")
        response = requests.Response()
        response.status_code = 403
        response.reason = "Forbidden"
        response.url = "https://feed.example.com/v2/items"
        response.raise_for_status()

    pull_feed()


corpus_retries_changing()
