"""A Python task that runs a command with subprocess.run(check=True); the command's stderr names the cause."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_subprocess_called",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_subprocess_called():

    @task
    def compile_models() -> None:
        import subprocess
        print("compile: 14 models to compile")
        result = subprocess.run(
            ["bash", "-c", "echo 'Compilation Error in model orders_daily: column \"amount_eur\" not found' ; exit 2"],
            capture_output=True, text=True,
        )
        for line in result.stdout.splitlines():
            print(line)
        result.check_returncode()

    compile_models()


corpus_subprocess_called()
