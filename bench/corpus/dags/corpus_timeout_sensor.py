"""A sensor waiting for a file that never comes, timing out after 4 seconds."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.providers.standard.sensors.python import PythonSensor

@dag(
    dag_id="corpus_timeout_sensor",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_timeout_sensor():

    PythonSensor(task_id="wait_for_export", python_callable=lambda: False, poke_interval=1, timeout=4, mode="poke")


corpus_timeout_sensor()
