"""Fails in `render` with a log full of control characters (issue 13, input hygiene).

The log holds a NUL, an ANSI colour sequence (ESC[31m … ESC[0m), a right-to-left override
(U+202E) and a line of binary bytes; the exception message holds the same, so the triage card's
headline would show them raw if nothing neutralized it.
"""
from __future__ import annotations

import logging

import pendulum
from airflow.sdk import dag, task

log = logging.getLogger("airflow.task")

NUL = "\x00"
ESC = "\x1b"
RLO = "\u202e"


@dag(
    dag_id="fail_control_chars",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "failure"],
    default_args={"retries": 0},
)
def fail_control_chars():
    @task
    def render() -> None:
        log.info("render: reading template%sheader", NUL)
        log.warning("%s[31mcolour from a terminal%s[0m", ESC, ESC)
        log.info("invoice total: %s0.01 EUR", RLO)
        log.info("payload: %s", "".join(chr(i % 27) for i in range(64)))
        raise ValueError(f"{ESC}[31mtemplate{NUL}broken{ESC}[0m at {RLO}txt.exe")

    render()


fail_control_chars()
