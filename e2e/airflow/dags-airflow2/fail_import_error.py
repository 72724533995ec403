"""A Dag file whose import fails, so it shows up in /api/v2/importErrors (the Dag itself never exists)."""
from __future__ import annotations

import pendulum
from airflow.decorators import dag, task

import company_snowflake_helpers  # noqa: F401  -- does not exist: ModuleNotFoundError


@dag(
    dag_id="fail_import_error",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "failure"],
)
def fail_import_error():
    @task
    def never() -> None:
        pass

    never()


fail_import_error()
