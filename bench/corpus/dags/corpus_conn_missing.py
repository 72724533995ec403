"""A task looking up the connection s3_archive, which is not defined."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_conn_missing",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_conn_missing():

    @task
    def archive_files() -> None:
        from airflow.sdk import BaseHook
        for i in range(5):
            print(f"archive: queued file part-{i:04d}.parquet")
        conn = BaseHook.get_connection("s3_archive")
        print(conn.host)

    archive_files()


corpus_conn_missing()
