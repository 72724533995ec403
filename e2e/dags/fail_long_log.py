"""Prints 60,000 lines; the real error is logged (with traceback) around line 30,000; fails at the end."""
from __future__ import annotations

import logging
import sys

import pendulum
from airflow.sdk import dag, task

TOTAL_LINES = 60_000
ERROR_AT = 30_000
BATCH = 2_000


def _verify_partition(partition: str) -> None:
    raise RuntimeError(f"checksum mismatch in partition {partition}")


@dag(
    dag_id="fail_long_log",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "failure"],
    default_args={"retries": 0},
)
def fail_long_log():
    @task
    def reconcile_partitions() -> None:
        log = logging.getLogger("airflow.task")
        bad = None
        line = 0
        while line < TOTAL_LINES:
            if line == ERROR_AT:
                try:
                    _verify_partition("2024-06-01")
                except RuntimeError as exc:
                    bad = exc
                    log.error("reconcile failed for partition 2024-06-01", exc_info=True)
            end = min(line + BATCH, TOTAL_LINES)
            sys.stdout.write("".join(f"row {i:05d} ok\n" for i in range(line, end)))
            sys.stdout.flush()
            line = end
        raise RuntimeError(f"1 of 365 partitions failed reconciliation, first error: {bad}")

    reconcile_partitions()


fail_long_log()
