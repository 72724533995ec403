"""Writes a ~100 MB task log (50,000 lines of ~2 kB), with the real error logged half-way; fails at the end.

Not a `fail_*` Dag: the global setup does not run it (writing and serving 100 MB costs the rig
time); `e2e/big-log.spec.ts` triggers it when it needs it. Large lines keep the line count, and so
Airflow's per-line cost of writing and serving the log, low for the size.
"""
from __future__ import annotations

import logging

import pendulum
from airflow.sdk import dag, task

TOTAL_LINES = 50_000
ERROR_AT = 25_000
# ~2 kB of row payload per line, varied by the row number so no two lines are the same.
PAYLOAD = " ".join(f"col{i:03d}=value-{i * 7919 % 100000:05d}" for i in range(100))


def _verify_shard(shard: int) -> None:
    raise ValueError(f"checksum mismatch in shard {shard:05d}")


@dag(
    dag_id="big_log",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "failure", "big-log"],
    default_args={"retries": 0},
)
def big_log():
    @task
    def verify_shards() -> None:
        log = logging.getLogger("airflow.task")
        first_error = None
        for line in range(TOTAL_LINES):
            if line == ERROR_AT:
                try:
                    _verify_shard(line)
                except ValueError as exc:
                    first_error = exc
                    log.error("verification failed for shard %05d", line, exc_info=True)
            log.info("shard %05d verified %s", line, PAYLOAD)
        raise RuntimeError(f"1 of {TOTAL_LINES} shards failed verification, first error: {first_error}")

    verify_shards()


big_log()
