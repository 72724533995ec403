"""A task that checks the version of a distribution that is not installed."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_dep_distribution",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_dep_distribution():

    @task
    def check_driver() -> None:
        from importlib.metadata import version
        print("check_driver: checking the Snowflake connector")
        print(version("snowflake-connector-python"))

    check_driver()


corpus_dep_distribution()
