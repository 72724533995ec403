"""Logs planted secrets of many kinds (fake, in realistic formats), then fails.

The redaction e2e (e2e/redaction.spec.ts) reads this log and this file (get_dag_source) through
the assistant and checks that none of these values reaches the model. Every value here is made
up for the test; `SFTP_PASSWORD` is also registered with Airflow's masker, which logs it as `***`.
"""
from __future__ import annotations

import json
import logging

import pendulum
from airflow.sdk import dag, task
from airflow.sdk.log import mask_secret

AWS_ACCESS_KEY_ID = "AKIAFAKE4NSLYQ7VT7G2"
AWS_SECRET_ACCESS_KEY = "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"
WAREHOUSE_PASSWORD = "Wq8zLp2vRtFake91"
GCP_PRIVATE_KEY_ID = "12d8d36dd55627b4d787c9f7480ba3c93059adbb"
GCP_PRIVATE_KEY = (
    "-----BEGIN PRIVATE KEY-----\n"
    "MIICdgIBADANBgkqhkiG9w0BAQEFAEj6L90GXFas6m4cwFl6ImusFGOKFrDhbpRV\n"
    "7Ga7gUOhz2BEDFYI1oBA4CrSTf1GHUupl3DJm1KBBOtPqzA3Cd+4E53I707aT8NL\n"
    "laDlcwmEkjiTaya4cDKkc0i+QvuzjjWwRWDjNMW68C10CdZ1eWXtAtiwdUbM0bDC\n"
    "d35h66hA6TxHoQ3IFFGFGKiWPa8CMWIJvzOmA89ldwE7bi9VNJdabcXpaPpoF0/S\n"
    "/n/o4fyKyjFsRJe10DneWL2oasLZjslC4IP7HS1fDo/ZVocziQagCb3Rb4cJI549\n"
    "aqoogrYleIy4sneDJgBWfI2xDUc2f/56w4NoQD3q94CHoY9qCCE=\n"
    "-----END PRIVATE KEY-----\n"
)
AZURE_ACCOUNT_KEY = "OMDlhJB/syFYA2X5ZQTxFXV0KGP7mYXfPC4yjWdSG65E3b1BZxibXAfSi7BWi9eAtxg74riqmQu2z0Q+19dFOw=="
AZURE_SAS_SIGNATURE = "gAYh4cDb9jqfYuMxR0%2FWWtoEL2UZVqmMtTYGw1ijjC0%3D"
GITHUB_TOKEN = "ghp_FAKEJoecDBkbdtaUhMK9tlYdl5QQLEVim0RW"
SLACK_BOT_TOKEN = "xoxb-225109192692-5390752372728-b5fREHyZvJSgJZyftpM6Wvz7"
SLACK_WEBHOOK_PATH = "T0FAKE1AB/B07FAKE2CD/q8XnV3kLmP2rT9wYzA4bC6dE"
GOOGLE_API_KEY = "AIzaqPk-_9J7lbPbuCr5m_pyteDe6OGfCPYSIGd"
PARTNER_BEARER_TOKEN = "MNiCqpkDs0cVw2Skttdk562QVAZjg6s6PmPN0bbzov5"
# Airflow's log masks anything that starts like a JWT (`eyJ***`); the source shows it whole.
PARTNER_JWT = "eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAic3ZjLWV0bCIsICJhdWQiOiAid2FyZWhvdXNlLWFwaSIsICJleHAiOiAxNzk1MDAwMDAwfQ.5WLmgIsrh-Jgr8s0ZJlB0wSOw7mI3hn-rp2pJ7FxHwY"
SFTP_BASIC_AUTH = "ZXRsX2xvYWRlcjpXcTgjekxwMiF2UnQ="
DEPLOY_KEY_BODY = [
    "MIICXAIBAAKBgQCgCSL9EAMDYIjxA1zUAblWLQIhzoHgm5ciNN5wG864SGhxFJOA",
    "ETlWxZUf5YIE12rmmRojv0cflIUXiotY3q1Yy7wPf5K3L1DGYJaBRBcjfOhnKhUi",
    "nquqJCnxi8ebQ8hbV4m3BrvUsg+k3nEC/NlA/b0NMYIOggIWK7AFjfc1Ra2VIOvp",
    "cUiWbJPt6ANv3m5g1X64Ek8JgrrBRdan3swWmuRb+MN0nuk4Gh+wdY8nArHGq11X",
    "TYs9L/gfj/8J5g9gHlfxw2WaLfyda2DhcQ==",
]
REPORTING_DB_PASSWORD = "TAnkjQOWSLh9H4gFake"
FERNET_KEY = "VC03kDWEIVpfcwJOOpqOv4RxDS2h2rpnvPdpySDIc8c="
PARTNER_API_KEY = "pk9FAKEv2Lq7Xw3RtZ8mN4bY6cH1sJ5dKe"
SFTP_PASSWORD = "sftp-Pass-Only-Airflow-Knows-42"

log = logging.getLogger("airflow.task")


@dag(
    dag_id="fail_planted_secrets",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["e2e", "failure"],
    default_args={"retries": 0},
)
def fail_planted_secrets():
    @task
    def export_to_partners() -> None:
        print("export_to_partners: effective configuration follows")
        print(f"  AWS_ACCESS_KEY_ID={AWS_ACCESS_KEY_ID}")
        print(f"  aws_secret_access_key = {AWS_SECRET_ACCESS_KEY}")
        log.info("connecting to postgresql://etl_loader:%s@warehouse.internal:5432/analytics", WAREHOUSE_PASSWORD)
        service_account = {
            "type": "service_account",
            "project_id": "acme-data-prod",
            "private_key_id": GCP_PRIVATE_KEY_ID,
            "private_key": GCP_PRIVATE_KEY,
            "client_email": "etl@acme-data-prod.iam.gserviceaccount.com",
        }
        print(f"loaded service account {json.dumps(service_account)}")
        print(
            "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=acmelake;"
            f"AccountKey={AZURE_ACCOUNT_KEY};EndpointSuffix=core.windows.net"
        )
        print(
            "uploading via https://acmelake.blob.core.windows.net/exports/orders.csv"
            f"?sv=2022-11-02&ss=b&srt=o&sp=rwl&se=2026-12-31T23:59:59Z&spr=https&sig={AZURE_SAS_SIGNATURE}"
        )
        print(f"cloning https://x-access-token:{GITHUB_TOKEN}@github.com/acme/etl-configs.git")
        print(f"notifying Slack with {SLACK_BOT_TOKEN}")
        print(f"posting the summary to https://hooks.slack.com/services/{SLACK_WEBHOOK_PATH}")
        print(f"geocoding addresses with key {GOOGLE_API_KEY}")
        log.info("partner request headers: {'Authorization': 'Bearer %s', 'Accept': 'application/json'}", PARTNER_BEARER_TOKEN)
        print(f"partner session token: {PARTNER_JWT}")
        print(f"sftp proxy header: Proxy-Authorization: Basic {SFTP_BASIC_AUTH}")
        log.info(
            "deploy key:\n-----BEGIN RSA PRIVATE KEY-----\n%s\n-----END RSA PRIVATE KEY-----",
            "\n".join(DEPLOY_KEY_BODY),
        )
        print(f'reporting db settings: {{"host": "reporting.internal", "user": "reporter", "password": "{REPORTING_DB_PASSWORD}"}}')
        print(f"rotating the Fernet key to {FERNET_KEY}")
        mask_secret(SFTP_PASSWORD)
        log.info("sftp password is %s", SFTP_PASSWORD)
        print(f"retrying with AWS_ACCESS_KEY_ID={AWS_ACCESS_KEY_ID}")
        raise PermissionError(
            f"upload rejected: 401 Unauthorized for https://partner-api.example.com/v1/upload?api_key={PARTNER_API_KEY}"
        )

    export_to_partners()


fail_planted_secrets()
