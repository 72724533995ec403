"""The task's supervisor dies (SIGKILL), so no heartbeat reaches Airflow: a "zombie".

The scheduler fails the task instance once `[scheduler] task_instance_heartbeat_timeout` has
passed (the log rig sets it to 15 s) and writes a "heartbeat timeout" audit-log event; the task
log itself just stops. The task process exits on its own after 40 s so nothing is left behind.
"""
from __future__ import annotations

import os
import signal
import time

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="fail_heartbeat_timeout",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["logs-rig", "failure"],
    default_args={"retries": 0},
)
def fail_heartbeat_timeout():
    @task
    def stream_events() -> None:
        print("consuming events from kafka topic orders.v2")
        print(f"pid {os.getpid()}: worker supervisor is pid {os.getppid()}")
        os.kill(os.getppid(), signal.SIGKILL)
        time.sleep(40)

    stream_events()


fail_heartbeat_timeout()
