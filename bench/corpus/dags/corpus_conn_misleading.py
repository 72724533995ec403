"""Earlier logged errors about a flaky API, then a connection that is not defined."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_conn_misleading",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_conn_misleading():

    @task
    def sync_crm() -> None:
        import logging
        from airflow.sdk import BaseHook
        log = logging.getLogger("crm_sync")
        log.error("page 3: request timed out after 30s, will retry")
        log.warning("page 3: retry 1 succeeded")
        print("sync_crm: 3 pages fetched")
        BaseHook.get_connection("crm_api")

    sync_crm()


corpus_conn_misleading()
