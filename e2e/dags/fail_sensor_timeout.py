"""A poke-mode sensor that never succeeds: timeout 3 s, poke_interval 1 s -> AirflowSensorTimeout."""
from __future__ import annotations

import pendulum
from airflow.sdk import PokeReturnValue, dag, task


@dag(
    dag_id="fail_sensor_timeout",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "failure"],
    default_args={"retries": 0},
)
def fail_sensor_timeout():
    @task.sensor(poke_interval=1, timeout=3, mode="poke", soft_fail=False)
    def wait_for_partition() -> PokeReturnValue:
        print("looking for s3://landing/orders/2024-06-01/_SUCCESS: not there yet")
        return PokeReturnValue(is_done=False)

    wait_for_partition()


fail_sensor_timeout()
