"""Logs 60,000 lines; the real error is logged (with traceback) around line 30,000; fails at the end.

The rows go through the `logging` module, not print(): stdout lines are timestamped by the
supervisor when it reads them, so a logged error would land wherever the supervisor's reading
had got to (about line 14,000 in a test), not next to line 30,000.
"""
from __future__ import annotations

import logging

import pendulum
from airflow.sdk import dag, task

TOTAL_LINES = 60_000
ERROR_AT = 30_000


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
            log.info("row %05d ok", line)
            line += 1
        raise RuntimeError(f"1 of 365 partitions failed reconciliation, first error: {bad}")

    reconcile_partitions()


fail_long_log()
