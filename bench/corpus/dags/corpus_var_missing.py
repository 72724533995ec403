"""A task reading the Variable reporting_recipients, which is not defined."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_var_missing",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_var_missing():

    @task
    def send_report() -> None:
        from airflow.sdk import Variable
        print("send_report: report built, 4 pages")
        recipients = Variable.get("reporting_recipients")
        print(recipients)

    send_report()


corpus_var_missing()
