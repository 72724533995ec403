"""A BashOperator whose command reads params.cfg.bucket, which the params do not have."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.providers.standard.operators.bash import BashOperator

@dag(
    dag_id="corpus_template_undefined",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_template_undefined():

    BashOperator(
        task_id="export_orders",
        bash_command="echo exporting orders for {{ params.day }} && aws s3 cp /tmp/orders.csv s3://{{ params.cfg.bucket }}/orders/",
        params={"cfg": {"region": "eu-west-1"}, "day": "2024-06-01"},
    )


corpus_template_undefined()
