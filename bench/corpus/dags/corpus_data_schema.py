"""A schema check that finds a column of the wrong type."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_data_schema",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_data_schema():

    @task
    def check_schema() -> None:
        import logging
        logging.getLogger("schema").warning("column 'note' is nullable in the source, not in the target")
        raise ValueError("schema mismatch in staging.orders: column 'price' expected DECIMAL(10,2), got STRING")

    check_schema()


corpus_data_schema()
