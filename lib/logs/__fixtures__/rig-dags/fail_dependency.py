"""Succeeds with the default engine; fails when a run's conf names a library that is not installed.

The log rig runs it twice: once with no conf (success), then with {"engine": "sklearn_turbo"}
(ModuleNotFoundError), so the failed run has a last successful run to compare with.
"""
from __future__ import annotations

import importlib

import pendulum
from airflow.sdk import dag, get_current_context, task


def _load_engine(name: str):
    if name == "builtin":
        return None
    return importlib.import_module(name)


@dag(
    dag_id="fail_dependency",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["logs-rig", "failure"],
    default_args={"retries": 0},
)
def fail_dependency():
    @task
    def score_model() -> float:
        conf = get_current_context()["dag_run"].conf or {}
        engine = conf.get("engine", "builtin")
        print(f"scoring 1,204 rows with engine {engine}")
        _load_engine(engine)
        return 0.93

    score_model()


fail_dependency()
