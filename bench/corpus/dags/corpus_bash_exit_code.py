"""A Bash task whose tool reports a failed check and exits 3."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.providers.standard.operators.bash import BashOperator

@dag(
    dag_id="corpus_bash_exit_code",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_bash_exit_code():

    BashOperator(
        task_id="dbt_test",
        bash_command=(
            "echo 'Running with dbt=1.8.0'; echo 'Found 12 models, 40 tests'; "
            "for i in 1 2 3; do echo \"PASS not_null_orders_id_$i\"; done; "
            "echo 'FAIL 7 unique_orders_order_id' >&2; echo 'Done. PASS=39 WARN=0 ERROR=1 SKIP=0 TOTAL=40'; exit 3"
        ),
    )


corpus_bash_exit_code()
