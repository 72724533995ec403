"""A task that grows its memory and is killed with SIGKILL (as the OOM killer does)."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_oom_sigkill",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_oom_sigkill():

    @task
    def build_embeddings() -> None:
        import os
        import signal
        chunks = []
        for i in range(4):
            chunks.append(bytearray(8 * 1024 * 1024))
            print(f"build_embeddings: batch {i} loaded, {len(chunks) * 8} MiB held")
        os.kill(os.getpid(), signal.SIGKILL)

    build_embeddings()


corpus_oom_sigkill()
