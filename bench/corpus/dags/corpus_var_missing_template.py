"""A templated command reading var.value.export_bucket, which is not defined."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.providers.standard.operators.bash import BashOperator

@dag(
    dag_id="corpus_var_missing_template",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_var_missing_template():

    BashOperator(task_id="export_snapshot", bash_command="echo exporting to {{ var.value.export_bucket }}")


corpus_var_missing_template()
