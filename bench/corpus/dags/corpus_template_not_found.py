"""bash_command names a script file (ends in .sh) that is not next to the Dag: Jinja cannot find the template."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.providers.standard.operators.bash import BashOperator

@dag(
    dag_id="corpus_template_not_found",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_template_not_found():

    BashOperator(task_id="load_warehouse", bash_command="scripts/load_warehouse.sh")


corpus_template_not_found()
