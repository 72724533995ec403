"""A Bash task that prints harmless ERROR-looking lines first, then fails on git."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.providers.standard.operators.bash import BashOperator

@dag(
    dag_id="corpus_bash_misleading",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_bash_misleading():

    BashOperator(
        task_id="sync_repo",
        bash_command=(
            "echo 'ERROR (ignored): stale lock file /tmp/sync.lock removed'; "
            "echo 'retrying download (1/3)'; echo 'retrying download (2/3)'; "
            "echo 'fatal: could not read from remote repository git@git.example.com:data/models.git' >&2; "
            "echo 'Please make sure you have the correct access rights'; exit 128"
        ),
    )


corpus_bash_misleading()
