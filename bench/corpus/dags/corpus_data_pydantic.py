"""A record that fails its pydantic model."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(
    dag_id="corpus_data_pydantic",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    tags=["corpus", "failure"],
    default_args={"retries": 0},
)
def corpus_data_pydantic():

    @task
    def validate_orders() -> None:
        from pydantic import BaseModel

        class Order(BaseModel):
            order_id: int
            amount: float

        for i in range(3):
            print(f"validate_orders: order {i} ok")
        Order.model_validate({"order_id": 17, "amount": "twelve"})

    validate_orders()


corpus_data_pydantic()
