"""Two tries failing the same way (a KeyError in the payload)."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from datetime import timedelta

@dag(
    dag_id="corpus_retries_same",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 1, "retry_delay": timedelta(seconds=1)},
)
def corpus_retries_same():

    @task
    def parse_payload() -> None:
        payload = {"items": [], "next": None}
        print(f"parse_payload: {len(payload['items'])} items")
        print(payload["cursor"])

    parse_payload()


corpus_retries_same()
