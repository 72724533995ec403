"""The task process sends itself SIGKILL, like the kernel OOM killer would."""
from __future__ import annotations

import os
import signal

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="fail_sigkill",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "failure"],
    default_args={"retries": 0},
)
def fail_sigkill():
    @task
    def build_features() -> None:
        print("loading 48M rows into a pandas DataFrame")
        print(f"pid {os.getpid()}: allocating feature matrix")
        os.kill(os.getpid(), signal.SIGKILL)

    build_features()


fail_sigkill()
