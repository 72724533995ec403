"""A BigQuery read refused for lack of permission (google-api-style Forbidden)."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_auth_gcp",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_auth_gcp():

    @task
    def load_bq_table() -> None:
        class Forbidden(Exception):
            pass
        print("load_bq_table: job 7f3a started")
        raise Forbidden(
            "403 GET https://bigquery.googleapis.com/bigquery/v2/projects/acme-dw/datasets/sales/tables/orders: "
            "Access Denied: Table acme-dw:sales.orders: Permission bigquery.tables.getData denied on table acme-dw:sales.orders"
        )

    load_bq_table()


corpus_auth_gcp()
