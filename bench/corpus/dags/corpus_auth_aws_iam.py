"""An S3 read denied by IAM (botocore-style ClientError)."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_auth_aws_iam",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_auth_aws_iam():

    @task
    def read_manifest() -> None:
        class ClientError(Exception):
            pass
        print("read_manifest: s3://lake-raw/manifests/2024-06-01.json")
        raise ClientError(
            "An error occurred (AccessDenied) when calling the GetObject operation: User: "
            "arn:aws:iam::123456789012:user/etl-runner is not authorized to perform: s3:GetObject "
            "on resource: arn:aws:s3:::lake-raw/manifests/2024-06-01.json"
        )

    read_manifest()


corpus_auth_aws_iam()
