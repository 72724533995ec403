"""A task importing a name its installed package does not provide."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_dep_import_name",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_dep_import_name():

    @task
    def parse_events() -> None:
        print("parse_events: 2,400 events")
        from json import loads_fast  # noqa: F401

    parse_events()


corpus_dep_import_name()
