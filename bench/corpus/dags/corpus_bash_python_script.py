"""A Bash task running a Python script that dies with a traceback (KeyError)."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.providers.standard.operators.bash import BashOperator

@dag(
    dag_id="corpus_bash_python_script",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_bash_python_script():

    BashOperator(
        task_id="run_scoring_script",
        bash_command=(
            "echo 'scoring: loading 1,000 customers'; "
            "python3 -c \"rows=[{'id': 1}]\nprint('scoring row 1')\nrows[0]['customer_id']\""
        ),
    )


corpus_bash_python_script()
