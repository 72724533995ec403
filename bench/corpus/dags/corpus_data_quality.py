"""A data-quality check that fails on duplicate keys."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_data_quality",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_data_quality():

    @task
    def dq_orders() -> None:
        class DataQualityError(Exception):
            pass
        print("dq_orders: 4 checks")
        print("dq_orders: not_null(order_id) passed")
        raise DataQualityError("unique(order_id) failed: 12 duplicate keys in analytics.orders (first: 100017)")

    dq_orders()


corpus_data_quality()
