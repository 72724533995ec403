"""A templated SQL-like command with an unclosed Jinja expression."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.providers.standard.operators.bash import BashOperator

@dag(
    dag_id="corpus_template_syntax",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_template_syntax():

    BashOperator(
        task_id="build_partition",
        bash_command="echo 'INSERT INTO sales PARTITION (day={{ ds_nodash }) SELECT * FROM staging'",
    )


corpus_template_syntax()
