"""op_kwargs templated with macros.ds_add('2024-06-01', 'seven'): the macro raises a TypeError while rendering."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.providers.standard.operators.python import PythonOperator

@dag(
    dag_id="corpus_template_macro",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_template_macro():

    def report(day: str) -> None:
        print(f"building weekly report up to {day}")

    PythonOperator(task_id="weekly_report", python_callable=report, op_kwargs={"day": "{{ macros.ds_add('2024-06-01', 'seven') }}"})


corpus_template_macro()
