"""A BashOperator whose command reads params.cfg.bucket, which its params do not have.

Not a `fail_*` Dag: the global setup does not run it; `e2e/citations.spec.ts` triggers it. The
template fails to render inside Airflow's "Pre Execute" log group, which is never closed, so every
line that names the cause is folded in a group the UI shows collapsed (issue 15).
"""
from __future__ import annotations

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import dag


@dag(
    dag_id="template_error",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "failure"],
    default_args={"retries": 0},
)
def template_error():
    BashOperator(
        task_id="export_orders",
        bash_command="echo exporting orders for {{ params.day }} && aws s3 cp /tmp/orders.csv s3://{{ params.cfg.bucket }}/orders/",
        params={"cfg": {"region": "eu-west-1"}, "day": "2024-06-01"},
    )


template_error()
